import type { Demonstration, Example } from './example.js';
import { PromptingError } from './prompting-error.js';

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
  if (!Number.isInteger(shots) || shots < 0) throw new PromptingError('shots', shots, 'expected an integer >= 0');
  // Checked at run time too: JavaScript callers pass strings straight from CLI flags or JSON.
  if (!['first', 'random'].includes(selection)) throw new PromptingError('selection', selection, 'expected "first" or "random"');
  if (!Number.isInteger(seed)) throw new PromptingError('seed', seed, 'expected an integer');
  const candidates = exclude === undefined ? [...pool] : pool.filter((example) => !sameItem(example, exclude));
  if (shots > candidates.length) {
    throw new PromptingError('shots', shots, `only ${candidates.length} examples are available${exclude ? ' besides the query' : ''}`);
  }
  if (selection === 'first') return candidates.slice(0, shots);
  // A partial Fisher–Yates shuffle: the first K positions are a uniform sample.
  const random = mulberry32(seed);
  for (let i = 0; i < shots; i++) {
    const j = i + Math.floor(random() * (candidates.length - i));
    [candidates[i], candidates[j]] = [candidates[j]!, candidates[i]!];
  }
  return candidates.slice(0, shots);
}

function sameItem(a: Example, b: Example): boolean {
  return a.input === b.input && (a.context ?? '') === (b.context ?? '');
}

/** mulberry32: a small, fast, well-distributed 32-bit PRNG; the same seed gives the same sequence everywhere. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
