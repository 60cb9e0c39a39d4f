import { commonWords } from '../synthetic/common-words.js';
import { FIRST_NAMES } from './first-names.js';

/** The words the task families draw from. */
export interface FamilyVocabulary {
  /** Frequent lowercase words (few BPE pieces each). */
  readonly common: readonly string[];
  /** Lowercase words far down the frequency list (more pieces each), none of them common. */
  readonly rare: readonly string[];
  /** Capitalised first names. */
  readonly names: readonly string[];
}

/**
 * The vocabulary of the task families from some texts (e.g. the Brown training documents): the
 * 1,000 most frequent lowercase words of 3–8 letters as common words (the words of the four
 * original families), words ranked 3,001–6,000 among those of 4–10 letters as rare words.
 */
export function familyVocabulary(texts: readonly string[]): FamilyVocabulary {
  const common = commonWords(texts, { count: 1000 });
  const isCommon = new Set(common);
  const rare = commonWords(texts, { count: 6000, minLength: 4, maxLength: 10 })
    .slice(3000)
    .filter((word) => !isCommon.has(word));
  return { common, rare, names: FIRST_NAMES };
}
