#!/usr/bin/env node
import { resolve } from 'node:path';
import { BenchArgsError, DEFAULT_OUT, parseBenchArgs } from './framework/cli-args.js';
import { describeEnvironment } from './framework/environment.js';
import { Progress } from './framework/progress.js';
import { formatMarkdown, writeReport } from './framework/report.js';
import type { Suite, SuiteResult } from './framework/suite.js';
import { describeSuiteHeap, watchWasmHeap } from './framework/wasm-heap-watch.js';
import { SUITES } from './suites/registry.js';
import { installKernels } from '@fewshot/kernels';

const usage = `usage: fewshot-bench [suite...] [--suite <name>]... [--quick] [--out <dir>] [--limit <n>] [--model <dir>]
  suite     run only these suites: ${SUITES.map((suite) => suite.name).join(', ')} (default: all)
  --quick   small inputs and few rounds: a smoke run for CI (all suites in under two minutes)
  --out     report root directory (default ${DEFAULT_OUT}); each run writes <out>/<timestamp>/
  --limit   eval suite: examples per task
  --model   the default model's checkpoint directory (model, training, eval suites; default: @fewshot/mini's)

suites:
${SUITES.map((suite) => `  ${suite.name.padEnd(10)}${suite.description}`).join('\n')}`;

/** A suite that threw still gets a section, so the report says what failed instead of vanishing. */
function failedResult(suite: Suite, error: unknown): SuiteResult {
  const message = error instanceof Error ? error.message : String(error);
  return {
    suite: suite.name,
    inputs: {},
    tables: [],
    targets: [],
    data: { error: message },
    notes: [`The suite failed: ${message}`],
  };
}

async function main(): Promise<void> {
  installKernels();
  const args = parseBenchArgs(
    process.argv.slice(2),
    SUITES.map((suite) => suite.name),
  );
  if (args.help) {
    console.log(usage);
    return;
  }
  const startedAt = new Date().toISOString();
  const selected = SUITES.filter((suite) => args.suites.includes(suite.name));
  const progress = new Progress(process.stderr, selected.length);
  const results: SuiteResult[] = [];
  for (const suite of selected) {
    progress.beginSuite(suite.name, suite.description);
    const heapAfter = watchWasmHeap();
    let result: SuiteResult;
    let outcome: 'done' | 'failed' = 'done';
    try {
      result = await suite.run({
        quick: args.quick,
        log: progress.log,
        limit: args.limit,
        modelDirectory: args.model,
        earlier: results,
      });
    } catch (error) {
      result = failedResult(suite, error);
      progress.log(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      outcome = 'failed';
      process.exitCode = 1;
    }
    const heap = heapAfter();
    if (heap !== undefined) progress.log(describeSuiteHeap(heap));
    results.push(heap === undefined ? result : { ...result, heap });
    progress.endSuite(outcome);
  }
  progress.finish();
  const report = {
    startedAt,
    command: `fewshot-bench ${process.argv.slice(2).join(' ')}`.trim(),
    quick: args.quick,
    environment: describeEnvironment(),
    results,
  };
  const directory = await writeReport(resolve(args.out), report);
  console.log(formatMarkdown(report));
  console.error(`report written to ${directory}/report.md`);
}

main().catch((error: unknown) => {
  console.error(
    error instanceof BenchArgsError
      ? `fewshot-bench: ${error.message} (see --help)`
      : error instanceof Error
        ? error.message
        : error,
  );
  process.exitCode = 1;
});
