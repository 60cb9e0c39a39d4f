import type { Random } from '@fewshot/common';

/** One input/output pair of an episode (the shape @fewshot/prompting's `Demonstration` has). */
export interface Demonstration {
  readonly input: string;
  readonly output: string;
}

/**
 * A task family draws a fresh mapping for every episode and writes `count` demonstrations of it.
 * The last demonstration is a valid query: its answer follows from the ones before it (for
 * key-based families its key appeared earlier; for rule-based ones its input is new).
 */
export type TaskFamily = (random: Random, words: readonly string[], count: number) => Demonstration[];
