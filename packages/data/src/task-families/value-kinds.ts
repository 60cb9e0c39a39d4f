import { DataError } from '../data-error.js';
import type { Random } from '@fewshot/common';
import { madeUpWord } from './made-up-word.js';
import type { FamilyVocabulary } from './vocabulary.js';

/** Punctuation for symbol strings; none of `:`, `|`, `-`, `>`, `=`, `,` that the formats and list inputs use. */
const SYMBOL_CHARACTERS = ['#', '$', '%', '&', '*', '+', '@', '^', '~', '!', '?', '/', '<', ';'];

/** Kinds of keys, values and rule inputs, from one BPE piece to several words. */
export const VALUE_KINDS = {
  /** A frequent lowercase word: `house`. */
  common: (random, vocabulary) => random.pick(vocabulary.common),
  /** A rare lowercase word: `marquee`. */
  rare: (random, vocabulary) => random.pick(vocabulary.rare),
  /** A nonce word: `blomik`. */
  'made-up': madeUpWord,
  /** 0–999. */
  number: (random) => String(random.int(1000)),
  /** 1,000–99,999 written without separators, several digit pieces: `48213`. */
  'long-number': (random) => String(1000 + random.int(99_000)),
  /** A capitalised first name: `Mary`. */
  name: (random, vocabulary) => random.pick(vocabulary.names),
  /** One to three punctuation marks: `#@`. */
  symbol: (random) => Array.from({ length: 1 + random.int(3) }, () => random.pick(SYMBOL_CHARACTERS)).join(''),
  /** A common word in capitals: `HOUSE`. */
  upper: (random, vocabulary) => random.pick(vocabulary.common).toUpperCase(),
  /** Two distinct common words: `green river`. */
  phrase: (random, vocabulary) => random.sample(vocabulary.common, 2).join(' '),
  /** A full name: `Mary Walter`. */
  'full-name': (random, vocabulary) => random.sample(vocabulary.names, 2).join(' '),
} as const satisfies Record<string, (random: Random, vocabulary: FamilyVocabulary) => string>;

export type ValueKind = keyof typeof VALUE_KINDS;

export const VALUE_KIND_NAMES = Object.keys(VALUE_KINDS) as ValueKind[];

/**
 * `count` distinct values of `kind`, none of them in `avoid` (so that an episode's values
 * differ from its keys). Throws when the kind cannot supply that many.
 */
export function distinctValues(
  random: Random,
  vocabulary: FamilyVocabulary,
  kind: ValueKind,
  count: number,
  avoid: ReadonlySet<string> = new Set(),
): string[] {
  const values = new Set<string>();
  for (let tries = 0; values.size < count; tries++) {
    if (tries > 100 * count + 100) {
      throw new DataError('count', count, `expected at most the distinct ${kind} values this vocabulary has`);
    }
    const value = VALUE_KINDS[kind](random, vocabulary);
    if (!avoid.has(value)) values.add(value);
  }
  return [...values];
}
