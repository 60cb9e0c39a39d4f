import { createRandom } from '@fewshot/common';
import type { Demonstration, Example } from './example.js';
import { PromptingError } from './prompting-error.js';
import { requireInteger } from './validate.js';

export type ExampleSelection = 'first' | 'random';

export interface SelectExamplesOptions {
  /** How many demonstrations (K). */
  readonly shots: number;
  /** `first`: the pool's first K; `random`: K drawn without replacement with `seed`. */
  readonly selection?: ExampleSelection;
  readonly seed?: number;
  /** Never shown as a demonstration of itself (GPT-3 drew examples excluding the evaluated item). */
  readonly exclude?: Example;
}

/** Picks K demonstrations from a pool, deterministically. */
export function selectExamples(pool: readonly Demonstration[], options: SelectExamplesOptions): Demonstration[] {
  const { shots, selection = 'first', seed = 0, exclude } = options;
  requireInteger('shots', shots, 0);
  // Checked at run time too: JavaScript callers pass strings straight from CLI flags or JSON.
  if (!['first', 'random'].includes(selection))
    throw new PromptingError('selection', selection, 'expected "first" or "random"');
  if (!Number.isSafeInteger(seed)) throw new PromptingError('seed', seed, 'expected a safe integer');
  const candidates = exclude === undefined ? [...pool] : pool.filter((example) => !sameItem(example, exclude));
  if (shots > candidates.length) {
    throw new PromptingError(
      'shots',
      shots,
      `only ${candidates.length} examples are available${exclude ? ' besides the query' : ''}`,
    );
  }
  if (selection === 'first') return candidates.slice(0, shots);
  // A partial Fisher–Yates shuffle: K demonstrations drawn uniformly, in random order.
  return createRandom(seed, 'demonstrations').sample(candidates, shots);
}

function sameItem(a: Example, b: Example): boolean {
  return a.input === b.input && (a.context ?? '') === (b.context ?? '');
}
