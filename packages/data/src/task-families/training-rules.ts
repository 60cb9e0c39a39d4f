import { DataError } from '../data-error.js';
import type { Random } from '@fewshot/common';
import { caesar } from '../synthetic/letter-transform.js';
import type { InContextFamily } from './family.js';
import { type RuleEpisode, ruleFamily } from './rule-family.js';
import { VALUE_KINDS, type ValueKind, distinctValues } from './value-kinds.js';
import type { FamilyVocabulary } from './vocabulary.js';

/** Single lowercase words for letter rules. */
const LOWERCASE: readonly ValueKind[] = ['common', 'rare', 'made-up'];
/** Items of space-separated lists (kinds without spaces of their own). */
const ITEMS: readonly ValueKind[] = ['common', 'made-up', 'number', 'name', 'symbol', 'upper'];

/** Marks the bracket rule wraps its inputs in. */
const BRACKETS = [
  ['(', ')'],
  ['[', ']'],
  ['<', '>'],
  ['{', '}'],
  ['"', '"'],
  ['*', '*'],
] as const;

type Draw = () => string;

const word = (random: Random, vocabulary: FamilyVocabulary, kinds: readonly ValueKind[]): Draw => {
  const kind = random.pick(kinds);
  return () => VALUE_KINDS[kind](random, vocabulary);
};

/** Lists of min–max distinct items of one kind drawn for the episode. */
const list = (random: Random, vocabulary: FamilyVocabulary, min: number, max: number, separator = ' '): Draw => {
  const kind = random.pick(ITEMS);
  return () => distinctValues(random, vocabulary, kind, min + random.int(max - min + 1)).join(separator);
};

/** A draw that skips values `rejects` (for a rule that would leave them unchanged). */
const except =
  (draw: Draw, rejects: (value: string) => boolean): Draw =>
  () => {
    for (let tries = 0; tries < 100; tries++) {
      const value = draw();
      if (!rejects(value)) return value;
    }
    throw new DataError('vocabulary', 'words', 'expected words a rule changes (not only palindromes)');
  };

/** Inputs whose answers are recorded as they are drawn (rules over structured inputs). */
const answered = (draw: () => readonly [string, string]): RuleEpisode => {
  const answers = new Map<string, string>();
  return {
    input: () => {
      const [input, output] = draw();
      answers.set(input, output);
      return input;
    },
    apply: (input) => answers.get(input)!,
  };
};

const same = (input: string) => input;
const items = (input: string) => input.split(' ');
const reverseLetters = (input: string) => Array.from(input).reverse().join('');

/** The rule families of the training text; each draws its rule's parameters per episode. */
export const TRAINING_RULE_FAMILIES: readonly InContextFamily[] = [
  ruleFamily('copy-token', 'a number, name, symbol or word in capitals → itself', (random, vocabulary) => ({
    input: word(random, vocabulary, ['number', 'long-number', 'name', 'symbol', 'upper', 'full-name']),
    apply: same,
  })),
  ruleFamily('copy-list', '2–5 items → the same items', (random, vocabulary) => ({
    input: list(random, vocabulary, 2, 5),
    apply: same,
  })),
  ruleFamily('reverse-letters', 'a lowercase word → its letters backwards', (random, vocabulary) => ({
    input: except(word(random, vocabulary, LOWERCASE), (value) => reverseLetters(value) === value),
    apply: reverseLetters,
  })),
  ruleFamily('reverse-list', '3–5 items → in reverse order', (random, vocabulary) => ({
    input: list(random, vocabulary, 3, 5),
    apply: (input) => items(input).reverse().join(' '),
  })),
  // Two lowercase words joined by a bare space are the held-out swap-two-words.
  ruleFamily('swap-pair', 'two items joined by a separator drawn per episode → swapped', (random, vocabulary) => {
    const kind = random.pick<ValueKind>(['number', 'name', 'upper', 'symbol', 'common', 'made-up']);
    const separator = random.pick(LOWERCASE.includes(kind) ? [', ', ' / ', ' and '] : [' ', ', ', ' / ', ' and ']);
    return answered(() => {
      const [a, b] = distinctValues(random, vocabulary, kind, 2) as [string, string];
      return [`${a}${separator}${b}`, `${b}${separator}${a}`];
    });
  }),
  ruleFamily('to-uppercase', 'a lowercase word → in capitals', (random, vocabulary) => ({
    input: word(random, vocabulary, LOWERCASE),
    apply: (input) => input.toUpperCase(),
  })),
  ruleFamily('to-lowercase', 'a word in capitals → lowercase', (random, vocabulary) => ({
    input: word(random, vocabulary, ['upper']),
    apply: (input) => input.toLowerCase(),
  })),
  ruleFamily('capitalise', 'a lowercase word → capitalised', (random, vocabulary) => ({
    input: word(random, vocabulary, LOWERCASE),
    apply: (input) => input.charAt(0).toUpperCase() + input.slice(1),
  })),
  ruleFamily('first-item', '2–6 items → the first', (random, vocabulary) => ({
    input: list(random, vocabulary, 2, 6),
    apply: (input) => items(input)[0]!,
  })),
  ruleFamily('last-item', '2–6 items → the last', (random, vocabulary) => ({
    input: list(random, vocabulary, 2, 6),
    apply: (input) => items(input).at(-1)!,
  })),
  ruleFamily('nth-item', '4–6 items → the 2nd, 3rd or 4th (per episode)', (random, vocabulary) => {
    const position = 1 + random.int(3);
    return { input: list(random, vocabulary, 4, 6), apply: (input) => items(input)[position]! };
  }),
  ruleFamily('first-letter', 'a word or name → its first letter', (random, vocabulary) => ({
    input: word(random, vocabulary, [...LOWERCASE, 'name', 'upper']),
    apply: (input) => input.charAt(0),
  })),
  ruleFamily('last-letter', 'a word or name → its last letter', (random, vocabulary) => ({
    input: word(random, vocabulary, [...LOWERCASE, 'name', 'upper']),
    apply: (input) => input.slice(-1),
  })),
  ruleFamily('count-items', '1–9 items → how many', (random, vocabulary) => ({
    input: list(random, vocabulary, 1, 9),
    apply: (input) => String(items(input).length),
  })),
  ruleFamily('count-letters', 'a word → how many letters', (random, vocabulary) => ({
    input: word(random, vocabulary, [...LOWERCASE, 'name']),
    apply: (input) => String(input.length),
  })),
  ruleFamily('add-offset', 'a number 0–999 → plus an offset of ±1–30 drawn per episode', (random) => {
    const offset = (random.next() < 0.7 ? 1 : -1) * (1 + random.int(30));
    const lowest = Math.max(0, -offset);
    return {
      input: () => String(lowest + random.int(1000 - lowest)),
      apply: (input) => String(Number(input) + offset),
    };
  }),
  ruleFamily('list-lookup', '`key in k1=v1, k2=v2, …` (2–5 pairs) → the key’s value', (random, vocabulary) => {
    const keyKind = random.pick<ValueKind>(['common', 'name', 'made-up']);
    const valueKind = random.pick<ValueKind>(['number', 'common', 'symbol', 'upper']);
    return answered(() => {
      const count = 2 + random.int(4);
      const keys = distinctValues(random, vocabulary, keyKind, count);
      const values = distinctValues(random, vocabulary, valueKind, count, new Set(keys));
      const asked = random.int(count);
      return [`${keys[asked]!} in ${keys.map((key, i) => `${key}=${values[i]!}`).join(', ')}`, values[asked]!];
    });
  }),
  ruleFamily('caesar-shift', 'a lowercase word → letters shifted 1–5 places', (random, vocabulary) => ({
    input: word(random, vocabulary, LOWERCASE),
    apply: caesar(1 + random.int(5)),
  })),
  ruleFamily('spell-out', 'a lowercase word → its letters spaced', (random, vocabulary) => ({
    input: word(random, vocabulary, LOWERCASE),
    apply: (input) => Array.from(input).join(' '),
  })),
  ruleFamily('join-letters', 'spaced letters → the word', (random, vocabulary) => {
    const draw = word(random, vocabulary, LOWERCASE);
    return answered(() => {
      const joined = draw();
      return [Array.from(joined).join(' '), joined];
    });
  }),
  ruleFamily('sort-numbers', '2–5 numbers → sorted, ascending or descending per episode', (random, vocabulary) => {
    const direction = random.next() < 0.5 ? 1 : -1;
    return answered(() => {
      const numbers = distinctValues(random, vocabulary, 'number', 2 + random.int(4)).map(Number);
      return [numbers.join(' '), numbers.sort((a, b) => direction * (a - b)).join(' ')];
    });
  }),
  ruleFamily('extreme-number', '2–5 numbers → the largest, or the smallest, per episode', (random, vocabulary) => {
    const pick = random.next() < 0.5 ? Math.max : Math.min;
    return answered(() => {
      const numbers = distinctValues(random, vocabulary, 'number', 2 + random.int(4)).map(Number);
      return [numbers.join(' '), String(pick(...numbers))];
    });
  }),
  ruleFamily('bracket', 'a word, number or name → wrapped in marks drawn per episode', (random, vocabulary) => {
    const [open, close] = random.pick(BRACKETS);
    return {
      input: word(random, vocabulary, ['common', 'number', 'name', 'made-up']),
      apply: (input) => `${open}${input}${close}`,
    };
  }),
];
