#!/usr/bin/env node
// Regenerates tasks/*.jsonl from the built package (run `pnpm --filter @fewshot/data build` first):
//   node packages/data/scripts/generate-tasks.mjs
// The output is deterministic; a test checks the committed files equal it.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileAtomic } from '@fewshot/common/node';
import { BUNDLED_TASKS, bundledTaskContents } from '../dist/index.js';

for (const [name, text] of Object.entries(bundledTaskContents())) {
  const { file } = BUNDLED_TASKS[name];
  mkdirSync(dirname(file), { recursive: true });
  await writeFileAtomic(file, text);
  console.log(`${file}: ${text.split('\n').length - 1} lines, ${Buffer.byteLength(text)} bytes`);
}
