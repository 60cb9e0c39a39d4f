#!/usr/bin/env node
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { describeEnvironment } from './framework/environment.js';
import { formatMarkdown, writeReport } from './framework/report.js';
import type { Suite, SuiteResult } from './framework/suite.js';
import { attentionSuite } from './suites/attention/attention-suite.js';
import { matmulSuite } from './suites/matmul/matmul-suite.js';
import { modelSuite } from './suites/model/model-suite.js';
import { tokenizerSuite } from './suites/tokenizer/tokenizer-suite.js';

/** Every suite, by name. Add new suites (sampling, ...) here. */
const SUITES: readonly Suite[] = [tokenizerSuite, matmulSuite, modelSuite, attentionSuite];

const usage = `usage: fewshot-bench [--quick] [--suite <name>]... [--out <dir>]
  --quick   small inputs and few rounds (about a minute)
  --suite   run only these suites (${SUITES.map((suite) => suite.name).join(', ')}); default all
  --out     report root directory (default bench-results); each run writes <out>/<timestamp>/`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      suite: { type: 'string', multiple: true },
      out: { type: 'string', default: 'bench-results' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const selected = values.suite ?? SUITES.map((suite) => suite.name);
  const unknown = selected.filter((name) => !SUITES.some((suite) => suite.name === name));
  if (unknown.length > 0) throw new Error(`--suite ${unknown.join(', ')}: unknown; choose from ${SUITES.map((suite) => suite.name).join(', ')}`);
  const startedAt = new Date().toISOString();
  const results: SuiteResult[] = [];
  for (const suite of SUITES.filter((candidate) => selected.includes(candidate.name))) {
    results.push(await suite.run({ quick: values.quick, log: (line) => { console.error(line); } }));
  }
  const report = { startedAt, command: `fewshot-bench ${process.argv.slice(2).join(' ')}`.trim(), quick: values.quick, environment: describeEnvironment(), results };
  const directory = await writeReport(resolve(values.out), report);
  console.log(formatMarkdown(report));
  console.error(`report written to ${directory}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
