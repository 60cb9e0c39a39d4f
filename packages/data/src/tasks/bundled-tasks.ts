import { fileURLToPath } from 'node:url';
import { DataError } from '../data-error.js';
import { TASK_FAMILY_NAMES, type TaskFamilyName } from '../synthetic/task-families.js';

/**
 * `episode`: each line is `{"examples": [{input, output}, …], "input", "output"}`, the K shots
 * taken from the line's own examples (they share the line's random mapping). `lambada`:
 * `lambada_openai` lines `{"text"}`, predict the last word. `code`: HumanEval lines
 * `{"task_id", "prompt", "canonical_solution", "test", "entry_point", "language"}`.
 */
export type BundledTaskKind = 'episode' | 'lambada' | 'code';

export interface BundledTask {
  readonly name: string;
  readonly kind: BundledTaskKind;
  /** Absolute path of the JSONL file shipped in this package. */
  readonly file: string;
  readonly description: string;
}

/** Where the task files live: `tasks/` at the package root, two levels above this file in src/ and dist/ alike. */
function taskFile(name: string): string {
  return fileURLToPath(new URL(`../../tasks/${name}.jsonl`, import.meta.url));
}

const FAMILY_DESCRIPTIONS: Record<TaskFamilyName, string> = {
  'word-mapping':
    'random word → word pairs over 3–6 keys, drawn per item; the query repeats a key shown in the examples',
  'letter-transform':
    'one letter rule per item (uppercase, reverse, first or last ' +
    'letter, repeat, spell out, Caesar shift 1–3) on a new word',
  'arithmetic-offset': 'a number 0–99 plus an offset of 1–30 drawn per item',
  classification:
    'two or three kinds of input (numbers, lowercase words, uppercase words) with random label words drawn per item',
};

/** Name of the bundled task of a synthetic family. */
export function syntheticTaskName(family: TaskFamilyName): string {
  return `synthetic-${family}`;
}

/** The evaluation tasks shipped with this package, by name (what `fewshot eval --task NAME` accepts). */
export const BUNDLED_TASKS: Readonly<Record<string, BundledTask>> = Object.fromEntries(
  [
    ...TASK_FAMILY_NAMES.map(
      (family): Omit<BundledTask, 'file'> => ({
        name: syntheticTaskName(family),
        kind: 'episode',
        description:
          `Synthetic in-context task, 16 examples per item: ${FAMILY_DESCRIPTIONS[family]}. ` +
          'Fresh random streams, never used for training data.',
      }),
    ),
    {
      name: 'lambada-brown',
      kind: 'lambada' as const,
      description:
        'LAMBADA-format passages (lambada_openai: predict the last word) cut from the held-out Brown corpus documents.',
    },
    {
      name: 'humaneval-js',
      kind: 'code' as const,
      description:
        'HumanEval-format JavaScript problems written for this project ' +
        '(a JSDoc and a signature to complete, tests run under Node).',
    },
  ].map((task) => [task.name, { ...task, file: taskFile(task.name) }]),
);

/** The bundled task called `name`; an unknown name is an error listing the available ones. */
export function resolveBundledTask(name: string): BundledTask {
  const task = Object.hasOwn(BUNDLED_TASKS, name) ? BUNDLED_TASKS[name] : undefined;
  if (task === undefined)
    throw new DataError(
      'task',
      name,
      `expected a task file or one of the bundled tasks: ${Object.keys(BUNDLED_TASKS).join(', ')}`,
    );
  return task;
}
