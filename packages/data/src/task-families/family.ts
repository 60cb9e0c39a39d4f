import { DataError } from '../data-error.js';
import type { Random } from '@fewshot/common';
import type { Demonstration } from '../synthetic/demonstration.js';
import type { FamilyVocabulary } from './vocabulary.js';

/**
 * `lookup`: the answer is a value paired with a key earlier in the episode (copy it from the
 * context); `rule`: the answer follows from a rule applied to a new input (infer the rule).
 */
export type FamilyType = 'lookup' | 'rule';

/**
 * An in-context task family: every episode draws a fresh mapping (random pairs or a random rule
 * with random parameters), so only the demonstrations tell the answer.
 */
export interface InContextFamily {
  readonly name: string;
  readonly type: FamilyType;
  /** One demonstration in words, e.g. `number → name`. */
  readonly description: string;
  /**
   * `count` (at least 2) demonstrations of one mapping drawn for this episode. The last is a valid
   * query: for lookups its input was shown before, for rules its input is new.
   */
  readonly generate: (random: Random, vocabulary: FamilyVocabulary, count: number) => Demonstration[];
}

/** Throws unless `count` is a whole number of demonstrations an episode can have (a query and one before it). */
export function checkDemonstrationCount(count: number): void {
  if (!Number.isInteger(count) || count < 2) {
    throw new DataError('count', count, 'expected an integer >= 2 (demonstrations and a query)');
  }
}
