import type { Random } from '@fewshot/common';
import type { FamilyVocabulary } from './vocabulary.js';

const ONSETS = ['b', 'd', 'f', 'g', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'z'];
const CLUSTERS = ['bl', 'dr', 'gr', 'kr', 'pl', 'st', 'tr', 'sn'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'oo', 'ai'];
const CODAS = ['', '', '', 'n', 'k', 'x', 'p', 'sh', 'm'];

const known = new WeakMap<FamilyVocabulary, ReadonlySet<string>>();

/**
 * A pronounceable word of two or three syllables that is none of the vocabulary's words
 * (`dax`-like nonce words, e.g. `blomik`): it has no meaning a model could have learned, and
 * splits into several BPE pieces.
 */
export function madeUpWord(random: Random, vocabulary: FamilyVocabulary): string {
  let words = known.get(vocabulary);
  if (words === undefined) {
    words = new Set([...vocabulary.common, ...vocabulary.rare]);
    known.set(vocabulary, words);
  }
  for (;;) {
    const syllables = 2 + random.int(2);
    let word = '';
    for (let i = 0; i < syllables; i++) {
      word += random.pick(random.next() < 0.25 ? CLUSTERS : ONSETS) + random.pick(VOWELS);
    }
    word += random.pick(CODAS);
    if (!words.has(word)) return word;
  }
}
