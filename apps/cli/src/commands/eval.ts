import { parseArgs } from 'node:util';
import { BUNDLED_TASKS, type BundledTask } from '@fewshot/data';
import { type EvaluationProgress, PromptingError, type TaskResult, evaluateTask, evaluateText, formatPaperTable, formatResultsTable } from '@fewshot/prompting';
import { createSandboxExecutor } from '@fewshot/prompting/node';
import { type CliIo, CommandError, UsageError } from '../io.js';
import { type CliModel, MODEL_FLAGS_USAGE, MODEL_LOAD_FLAGS, loadCliModel } from '../load-model.js';
import { EVAL_KINDS, parseIntegerFlag, parseKind, parseShots } from './eval-options.js';
import { createEvalProgress } from './eval-progress.js';
import { type LoadedTask, loadTask } from './eval-tasks.js';

export const EVAL_USAGE = `fewshot eval --task NAME|FILE [--task …] [--kind ${EVAL_KINDS.join('|')}] [--shots 0,1,8]
      ${MODEL_FLAGS_USAGE} [--limit N] [--seed S]
      [--layout metrics|paper] [--code-samples N] [--code-temperature T] [--json] [--backend …]
                           zero-, one- and few-shot evaluation with GPT-3's protocol: a table of the
                           tasks by K (default model: the bundled fewshot-mini)`;

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

const DEFAULT_SHOTS = '0,1,8';
const DEFAULT_SEED = 1234;

/**
 * Evaluates a checkpoint on tasks (bundled names or JSONL / text files) zero-, one- and few-shot
 * through `@fewshot/prompting`'s harness. Progress goes to stderr; stdout gets the paper-shaped
 * Markdown table, or one JSON object with `--json`.
 */
export async function evalCommand(args: readonly string[], io: CliIo, bundled: Readonly<Record<string, BundledTask>> = BUNDLED_TASKS): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      ...MODEL_LOAD_FLAGS,
      task: { type: 'string', multiple: true },
      kind: { type: 'string' },
      shots: { type: 'string', default: DEFAULT_SHOTS },
      limit: { type: 'string' },
      seed: { type: 'string' },
      json: { type: 'boolean', default: false },
      layout: { type: 'string', default: 'metrics' },
      'code-samples': { type: 'string', default: '1' },
      'code-temperature': { type: 'string', default: '0.2' },
    },
  });
  if (values.layout !== 'metrics' && values.layout !== 'paper') throw new UsageError(`--layout ${values.layout}: expected metrics or paper`);
  const codeTemperature = Number(values['code-temperature']);
  if (values['code-temperature'].trim() === '' || !(codeTemperature >= 0)) {
    throw new UsageError(`--code-temperature ${values['code-temperature']}: expected a number >= 0`);
  }
  const code = { codeSamples: parseIntegerFlag('--code-samples', values['code-samples'], 1), codeTemperature };
  const references = values.task ?? [];
  if (references.length === 0) throw new UsageError(`give at least one --task${bundledList(bundled)}\nusage: ${EVAL_USAGE}`);
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
    for (const task of tasks) results.push(await runTask(cli, task, { shots, limit, seed, code, signal: io.signal, onProgress: progress.update }));
    progress.finish();
    const json: EvalJson = { model: cli.directory, shots, limit: limit ?? null, seed, results };
    io.stdout(values.json ? `${JSON.stringify(json)}\n` : (values.layout === 'paper' ? formatPaperTable : formatResultsTable)(results));
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

async function runTask({ model, tokenizer, eosTokenId }: CliModel, task: LoadedTask, options: RunOptions): Promise<TaskResult> {
  if (task.kind === 'bpb') {
    if (eosTokenId === undefined) throw new CommandError(`--task ${task.name}: bits per byte conditions the first token on end-of-text, and this checkpoint has none`);
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
