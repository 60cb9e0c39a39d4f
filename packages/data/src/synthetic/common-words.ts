import { DataError } from '../data-error.js';
import { requireInteger } from '../validate.js';

export interface CommonWordsOptions {
  /** How many words (default 1000). */
  readonly count?: number;
  /** Shortest word kept (default 3). */
  readonly minLength?: number;
  /** Longest word kept (default 8). */
  readonly maxLength?: number;
}

/**
 * The most frequent all-lowercase alphabetic words of some texts (e.g. the Brown corpus), most
 * frequent first, ties in alphabetical order: familiar words for the synthetic tasks, which
 * the tokenizer trained on the same text splits into few tokens.
 */
export function commonWords(texts: Iterable<string>, options: CommonWordsOptions = {}): string[] {
  const { count = 1000, minLength = 3, maxLength = 8 } = options;
  requireInteger('count', count, 1);
  const frequency = new Map<string, number>();
  for (const text of texts) {
    for (const [word] of text.matchAll(/(?<![A-Za-z'-])[a-z]+(?![A-Za-z'-])/g)) {
      if (word.length >= minLength && word.length <= maxLength) frequency.set(word, (frequency.get(word) ?? 0) + 1);
    }
  }
  if (frequency.size < count)
    throw new DataError(
      'count',
      count,
      `the texts hold only ${frequency.size} distinct words of ${minLength}–${maxLength} letters`,
    );
  return [...frequency]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, count)
    .map(([word]) => word);
}
