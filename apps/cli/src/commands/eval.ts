import { BUNDLED_TASKS, type BundledTask } from '@fewshot/data';
import {
  type EvaluationProgress,
  PromptingError,
  type TaskResult,
  evaluateTask,
  evaluateText,
  formatPaperTable,
  formatResultsTable,
} from '@fewshot/prompting';
import { createSandboxExecutor } from '@fewshot/prompting/node';
import { usageHint } from '../command-help.js';
import { defineCommand, parseCommandArgs } from '../command-spec.js';
import { type CliIo, CommandError, UsageError } from '../io.js';
import { type CliModel, loadCliModel } from '../load-model.js';
import { JSON_OPTION, MODEL_OPTIONS } from '../model-options.js';
import { EVAL_KINDS, parseIntegerFlag, parseKind, parseShots } from './eval-options.js';
import { createEvalProgress } from './eval-progress.js';
import { type LoadedTask, loadTask } from './eval-tasks.js';

const DEFAULT_SEED = 1234;

export const EVAL_COMMAND = defineCommand({
  name: 'eval',
  summary: "zero-, one- and few-shot evaluation with GPT-3's protocol: a table of tasks by K",
  usage: ['--task NAME|FILE [--task …] [options]'],
  options: {
    task: {
      type: 'string',
      multiple: true,
      value: 'NAME|FILE',
      valueType: 'name',
      description: `a bundled task (${Object.keys(BUNDLED_TASKS).join(', ')}) or a JSONL or text file`,
    },
    kind: {
      type: 'string',
      value: 'KIND',
      valueType: 'name',
      allowed: EVAL_KINDS,
      defaultText: "from a file's first line (.txt: bpb)",
      description: "a task file's kind",
    },
    shots: {
      type: 'string',
      default: '0,1,8',
      value: 'K,K,...',
      valueType: 'list',
      allowed: 'of distinct integers ≥ 0',
      description: 'demonstrations in the prompt, one run per K',
    },
    limit: {
      type: 'string',
      value: 'N',
      valueType: 'integer',
      allowed: '≥ 1',
      defaultText: 'every item',
      description: 'items per task',
    },
    seed: {
      type: 'string',
      value: 'S',
      valueType: 'integer',
      allowed: '≥ 0',
      defaultText: String(DEFAULT_SEED),
      description: 'seed of the draw of demonstrations',
    },
    layout: {
      type: 'string',
      default: 'metrics',
      value: 'NAME',
      valueType: 'name',
      allowed: ['metrics', 'paper'],
      description: "a row per task and metric, or the paper's summary rows",
    },
    'code-samples': {
      type: 'string',
      default: '1',
      value: 'N',
      valueType: 'integer',
      allowed: '≥ 1',
      description: 'completions per code problem (pass@k needs k of them)',
    },
    'code-temperature': {
      type: 'string',
      default: '0.2',
      value: 'T',
      valueType: 'number',
      allowed: '≥ 0',
      description: 'sampling temperature of code completions',
    },
    ...MODEL_OPTIONS,
    ...JSON_OPTION,
  },
  notes: ['Progress goes to stderr; Ctrl-C stops after the current item, with exit code 130.'],
  examples: [
    'fewshot eval --task synthetic-word-mapping --task lambada-brown --shots 0,1,8 --limit 50',
    'fewshot eval --task humaneval-js --shots 0 --layout paper',
  ],
});

/** Exit code of an evaluation the user interrupted (Ctrl-C), as shells report SIGINT. */
const INTERRUPTED_EXIT_CODE = 130;

/** What `fewshot eval --json` prints. */
export interface EvalJson {
  readonly model: string;
  readonly shots: readonly number[];
  readonly limit: number | null;
  readonly seed: number;
  readonly results: readonly TaskResult[];
}

/**
 * Evaluates a checkpoint on tasks (bundled names or JSONL / text files) zero-, one- and few-shot
 * through `@fewshot/prompting`'s harness. Progress goes to stderr; stdout gets the paper-shaped
 * Markdown table, or one JSON object with `--json`.
 */
export async function evalCommand(
  args: readonly string[],
  io: CliIo,
  bundled: Readonly<Record<string, BundledTask>> = BUNDLED_TASKS,
): Promise<number> {
  const { values } = parseCommandArgs(EVAL_COMMAND, args);
  if (values.layout !== 'metrics' && values.layout !== 'paper')
    throw new UsageError(`--layout ${values.layout}: expected metrics or paper`);
  const codeTemperature = Number(values['code-temperature']);
  if (values['code-temperature'].trim() === '' || !(codeTemperature >= 0)) {
    throw new UsageError(`--code-temperature ${values['code-temperature']}: expected a number >= 0`);
  }
  const code = { codeSamples: parseIntegerFlag('--code-samples', values['code-samples'], 1), codeTemperature };
  const references = values.task ?? [];
  if (references.length === 0) {
    throw new UsageError(`give at least one --task${bundledList(bundled)}\n${usageHint(EVAL_COMMAND)}`);
  }
  const shots = parseShots(values.shots);
  const limit = values.limit === undefined ? undefined : parseIntegerFlag('--limit', values.limit, 1);
  const seed = values.seed === undefined ? DEFAULT_SEED : parseIntegerFlag('--seed', values.seed, 0);
  const kind = parseKind(values.kind);
  // Every task file is read and checked before the model loads: a typo fails in a moment.
  const tasks = references.map((reference) => loadTask(reference, kind, io, bundled));

  const cli = await loadCliModel(values, io);
  const progress = createEvalProgress({ write: io.stderr, interactive: process.stderr.isTTY });
  try {
    const results: TaskResult[] = [];
    for (const task of tasks)
      results.push(
        await runTask(cli, task, { shots, limit, seed, code, signal: io.signal, onProgress: progress.update }),
      );
    progress.finish();
    const json: EvalJson = { model: cli.directory, shots, limit: limit ?? null, seed, results };
    io.stdout(
      values.json
        ? `${JSON.stringify(json)}\n`
        : (values.layout === 'paper' ? formatPaperTable : formatResultsTable)(results),
    );
    return 0;
  } catch (error) {
    progress.finish();
    if (io.signal?.aborted === true) {
      io.stderr('fewshot: evaluation interrupted\n');
      return INTERRUPTED_EXIT_CODE;
    }
    throw error;
  } finally {
    cli.model.dispose();
  }
}

interface RunOptions {
  readonly shots: readonly number[];
  readonly limit: number | undefined;
  readonly seed: number;
  /** Completions per code problem and their temperature. */
  readonly code: { readonly codeSamples: number; readonly codeTemperature: number };
  readonly signal: AbortSignal | undefined;
  readonly onProgress: (task: string, progress: EvaluationProgress) => void;
}

async function runTask(
  { model, tokenizer, eosTokenId }: CliModel,
  task: LoadedTask,
  options: RunOptions,
): Promise<TaskResult> {
  if (task.kind === 'bpb') {
    if (eosTokenId === undefined)
      throw new CommandError(
        `--task ${task.name}: bits per byte conditions the first token on end-of-text, and this checkpoint has none`,
      );
    const result = await evaluateText(model, tokenizer, task.name, task.text, eosTokenId);
    options.onProgress(task.name, { shots: 0, done: 1, total: 1 });
    return result;
  }
  try {
    return await evaluateTask(model, tokenizer, task.task, {
      shots: options.shots,
      seed: options.seed,
      ...(task.kind === 'code' ? { ...options.code, executor: createSandboxExecutor() } : {}),
      ...(options.limit === undefined ? {} : { limit: options.limit }),
      ...(eosTokenId === undefined ? {} : { endOfTextTokenId: eosTokenId }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      onProgress: (progress) => {
        options.onProgress(task.name, progress);
      },
    });
  } catch (error) {
    // The harness's checks that depend on the file's contents, e.g. more shots than an episode has.
    if (error instanceof PromptingError) throw new CommandError(`--task ${task.name} (${task.file}): ${error.message}`);
    throw error;
  }
}

function bundledList(bundled: Readonly<Record<string, BundledTask>>): string {
  const names = Object.keys(bundled);
  return names.length === 0 ? '' : ` (bundled: ${names.join(', ')})`;
}
