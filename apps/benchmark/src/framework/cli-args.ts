import { parseArgs } from 'node:util';

/** What a benchmark run was asked to do. */
export interface BenchArgs {
  readonly help: boolean;
  readonly quick: boolean;
  /** Suites to run, in the registry's order; every suite when none was named. */
  readonly suites: readonly string[];
  /** Report root directory; each run writes `<out>/<timestamp>/`. */
  readonly out: string;
  /** Eval suite: examples per task (undefined: the suite's default for the mode). */
  readonly limit: number | undefined;
  /** The default model's checkpoint directory (undefined: @fewshot/mini's bundled one). */
  readonly model: string | undefined;
}

/** A command line the benchmark cannot run; the message is fit for a user. */
export class BenchArgsError extends Error {
  override readonly name = 'BenchArgsError';
}

export const DEFAULT_OUT = 'bench-results';

/**
 * Parses `fewshot-bench [suite...] [--suite name]... [--quick] [--out dir] [--limit n] [--model dir]`.
 *
 * A bare `--` is skipped wherever it appears: package managers and task runners forward it
 * literally (`pnpm --filter @fewshot/benchmark bench -- --suite model` runs the script with
 * `-- --suite model`), and the options after it are still meant as options. Suites are named
 * positionally or with `--suite` (repeatable, or comma-separated); `all` names every suite.
 */
export function parseBenchArgs(argv: readonly string[], suiteNames: readonly string[]): BenchArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv.filter((arg) => arg !== '--'),
      allowPositionals: true,
      strict: true,
      options: {
        quick: { type: 'boolean', default: false },
        suite: { type: 'string', multiple: true },
        out: { type: 'string', default: DEFAULT_OUT },
        limit: { type: 'string' },
        model: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new BenchArgsError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const named = [...positionals, ...(values.suite ?? []).flatMap((value) => value.split(','))]
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const unknown = named.filter((name) => name !== 'all' && !suiteNames.includes(name));
  if (unknown.length > 0) {
    throw new BenchArgsError(
      `suite ${unknown.map((name) => JSON.stringify(name)).join(', ')} ` +
        `is unknown: expected one of ${suiteNames.join(', ')} (or all)`,
    );
  }
  const suites =
    named.length === 0 || named.includes('all') ? suiteNames : suiteNames.filter((name) => named.includes(name));
  if (values.out.trim() === '') throw new BenchArgsError('--out "" is invalid: expected a directory path');
  if (values.model?.trim() === '')
    throw new BenchArgsError(`--model ${JSON.stringify(values.model)} is invalid: expected a checkpoint directory`);
  return {
    help: values.help,
    quick: values.quick,
    suites,
    out: values.out,
    limit: parseLimit(values.limit),
    model: values.model,
  };
}

function parseLimit(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const limit = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(limit) || limit < 1) {
    throw new BenchArgsError(
      `--limit ${JSON.stringify(value)} is invalid: expected a whole number ≥ 1 (examples per eval task)`,
    );
  }
  return limit;
}
