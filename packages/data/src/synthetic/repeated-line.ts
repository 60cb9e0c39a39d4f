import { DataError } from '../data-error.js';
import type { Random } from '@fewshot/common';
import { requireInteger } from '../validate.js';

export interface RepeatedLineOptions {
  /** Words per line, drawn uniformly from this range (default 10–40). */
  readonly minWords?: number;
  readonly maxWords?: number;
  /**
   * Draw the line from this many words, chosen afresh for each line (default: all of `words`).
   * A few distinct words recur within the line itself — bursty text, on which a small model
   * forms its induction heads far sooner than on lines of all-distinct words (packages/mini/RECIPE.md §3).
   */
  readonly distinctWords?: number;
}

/**
 * A line of random `words`, a newline, and the same line again: text whose second half only a
 * model that copies from its context can predict. It trains the attention circuit few-shot
 * prompts need (an induction head: attend to what followed the earlier occurrence of the
 * current token, and predict it), which natural text and episodes alone form too slowly at
 * fewshot-mini's scale (packages/mini/RECIPE.md).
 */
export function repeatedLine(random: Random, words: readonly string[], options: RepeatedLineOptions = {}): string {
  const { minWords = 10, maxWords = 40, distinctWords } = options;
  if (words.length === 0) throw new DataError('words', words, 'expected at least one word');
  requireInteger('minWords', minWords, 1);
  if (!Number.isInteger(maxWords) || maxWords < minWords)
    throw new DataError('maxWords', maxWords, `expected an integer >= minWords (${minWords})`);
  if (
    distinctWords !== undefined &&
    (!Number.isInteger(distinctWords) || distinctWords < 1 || distinctWords > words.length)
  ) {
    throw new DataError(
      'distinctWords',
      distinctWords,
      `expected an integer from 1 to the number of words (${words.length})`,
    );
  }
  const pool = distinctWords === undefined ? words : random.sample(words, distinctWords);
  const line = Array.from({ length: minWords + random.int(maxWords - minWords + 1) }, () => random.pick(pool)).join(
    ' ',
  );
  return `${line}\n${line}`;
}
