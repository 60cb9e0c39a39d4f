import { DataError } from '../data-error.js';
import type { Random } from '../random.js';

export interface RepeatedLineOptions {
  /** Words per line, drawn uniformly from this range (default 10–40). */
  readonly minWords?: number;
  readonly maxWords?: number;
}

/**
 * A line of random `words`, a newline, and the same line again: text whose second half only a
 * model that copies from its context can predict. It trains the attention circuit few-shot
 * prompts need (an induction head: attend to what followed the earlier occurrence of the
 * current token, and predict it), which natural text and episodes alone form too slowly at
 * fewshot-mini's scale (packages/mini/RECIPE.md).
 */
export function repeatedLine(random: Random, words: readonly string[], options: RepeatedLineOptions = {}): string {
  const { minWords = 10, maxWords = 40 } = options;
  if (words.length === 0) throw new DataError('words', words, 'expected at least one word');
  if (!Number.isInteger(minWords) || minWords < 1) throw new DataError('minWords', minWords, 'expected an integer >= 1');
  if (!Number.isInteger(maxWords) || maxWords < minWords) throw new DataError('maxWords', maxWords, `expected an integer >= minWords (${minWords})`);
  const line = Array.from({ length: minWords + random.int(maxWords - minWords + 1) }, () => random.pick(words)).join(' ');
  return `${line}\n${line}`;
}
