#!/usr/bin/env node
// Regenerates tasks/*.jsonl from the built package (run `pnpm --filter @fewshot/data build` first):
//   node packages/data/scripts/generate-tasks.mjs
// The output is deterministic; a test checks the committed files equal it.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { BUNDLED_TASKS, bundledTaskContents } from '../dist/index.js';

for (const [name, text] of Object.entries(bundledTaskContents())) {
  const { file } = BUNDLED_TASKS[name];
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text, 'utf8');
  renameSync(temporary, file);
  console.log(`${file}: ${text.split('\n').length - 1} lines, ${Buffer.byteLength(text)} bytes`);
}
