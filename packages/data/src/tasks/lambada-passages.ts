import { DataError } from '../data-error.js';
import { createRandom } from '@fewshot/common';
import { requireInteger } from '../validate.js';

/** A LAMBADA-style item (`lambada_openai` format): the model predicts the last word of `text`. */
export interface LambadaPassage {
  readonly text: string;
}

export interface LambadaPassageOptions {
  /** How many passages (at most as many as the documents offer). */
  readonly count: number;
  readonly seed: number;
  /** Words per passage, target included (default 40–120). */
  readonly minWords?: number;
  readonly maxWords?: number;
}

/** Sentence ends: `.`, `?` or `!`, optionally closed by a quote or parenthesis, before a space. */
const SENTENCE_BREAK = /(?<=[.?!]["')]?)\s+/;
/** Abbreviations that end in a period without ending the sentence (`Mrs. Lenygon`). */
const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'st',
  'jr',
  'sr',
  'co',
  'inc',
  'ltd',
  'corp',
  'gen',
  'gov',
  'rev',
  'sen',
  'rep',
  'col',
  'capt',
  'lt',
  'sgt',
  'prof',
  'mass',
  'calif',
  'ave',
  'vs',
  'etc',
  'no',
]);
/** What follows the target word at the end of its sentence. */
const TRAILING_PUNCTUATION = /[\s.?!;:,"')]+$/;

/**
 * Cuts LAMBADA-format passages from running text: whole consecutive sentences of one document,
 * the last sentence ending at its last word (its closing punctuation dropped). Like LAMBADA's
 * targets, which readers guess from the broader context, the target word appears earlier in its
 * passage, so a model that reads the context can find it; passages never overlap, and a
 * sentence "ending" at an abbreviation (`Mrs.`) is not taken for a sentence end.
 */
export function lambadaPassages(documents: readonly string[], options: LambadaPassageOptions): LambadaPassage[] {
  const { count, seed, minWords = 40, maxWords = 120 } = options;
  requireInteger('count', count, 1);
  if (!Number.isInteger(minWords) || minWords < 2 || !Number.isInteger(maxWords) || maxWords < minWords) {
    throw new DataError('minWords..maxWords', [minWords, maxWords], 'expected integers with 2 <= minWords <= maxWords');
  }
  const candidates: LambadaPassage[] = [];
  for (const document of documents) {
    const sentences = document.split(SENTENCE_BREAK).filter((sentence) => sentence !== '');
    let start = 0;
    let words = 0;
    for (let end = 0; end < sentences.length; end++) {
      words += wordCount(sentences[end]!);
      while (words > maxWords && start <= end) words -= wordCount(sentences[start++]!);
      if (words < minWords) continue;
      const text = sentences
        .slice(start, end + 1)
        .join(' ')
        .replace(/\s+/g, ' ')
        .replace(TRAILING_PUNCTUATION, '');
      if (!hasContextualTarget(text)) continue;
      candidates.push({ text });
      start = end + 1;
      words = 0;
    }
  }
  if (candidates.length < count)
    throw new DataError('count', count, `the documents yield only ${candidates.length} passages`);
  const chosen = new Set(createRandom(seed, 'lambada passages').sample([...candidates.keys()], count));
  return candidates.filter((_, index) => chosen.has(index));
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter((word) => word !== '').length;
}

/** The last word is alphabetic, at least three letters, and occurs earlier in the passage. */
function hasContextualTarget(text: string): boolean {
  const match = /(?:^|\s)([A-Za-z]{3,})$/.exec(text);
  if (match === null) return false;
  const target = match[1]!.toLowerCase();
  if (ABBREVIATIONS.has(target)) return false;
  const context = text.slice(0, match.index).toLowerCase();
  return new RegExp(`\\b${target}\\b`).test(context);
}
