import type { Random } from '@fewshot/common';
import { DataError } from '../data-error.js';
import type { Demonstration } from '../synthetic/demonstration.js';
import { type InContextFamily, checkDemonstrationCount } from './family.js';
import { KEY_ORDERS, keyOrder } from './key-order.js';
import { type RuleEpisode, ruleFamily } from './rule-family.js';
import { VALUE_KINDS, type ValueKind } from './value-kinds.js';
import type { FamilyVocabulary } from './vocabulary.js';

/**
 * Single-token kinds with no lowercase-word shape and no number shape: an episode whose first
 * demonstration has one is none of the held-out families (each of those has one shape in every
 * demonstration).
 */
const SINGLE_GUARDS: readonly ValueKind[] = ['name', 'symbol', 'upper'];
/** The guards, full names (two tokens) among them. */
const GUARDS: readonly ValueKind[] = [...SINGLE_GUARDS, 'full-name'];
/** Single tokens of every kind (no spaces of their own). */
const SINGLE: readonly ValueKind[] = ['common', 'rare', 'made-up', 'number', 'long-number', 'name', 'symbol', 'upper'];
/** Every kind, phrases included. */
const ANY: readonly ValueKind[] = [...SINGLE, 'phrase', 'full-name'];
/** Lowercase words. */
const LOWERCASE: readonly ValueKind[] = ['common', 'rare', 'made-up'];
/** Marks after an initial; a full stop after a name's initial is the held-out `name-initial`. */
const INITIAL_MARKS = ['.', ')', ':', '-', '!'];

/** 1–3 kinds drawn for the episode, each demonstration then drawing its own among them. */
function kindPool(random: Random, kinds: readonly ValueKind[]): readonly ValueKind[] {
  return random.sample(kinds, 1 + random.int(3));
}

/** A draw that calls `first` the first time and `rest` every time after. */
function firstThen(first: () => string, rest: () => string): () => string {
  let drawn = false;
  return () => {
    const draw = drawn ? rest : first;
    drawn = true;
    return draw();
  };
}

/** A value of one of `kinds`, the kind drawn per value. */
const ofKinds = (random: Random, vocabulary: FamilyVocabulary, kinds: readonly ValueKind[]) => () =>
  VALUE_KINDS[random.pick(kinds)](random, vocabulary);

/** Rule inputs whose first is of `first`'s kinds and the rest of `rest`'s, a kind drawn per input. */
const inputs = (
  random: Random,
  vocabulary: FamilyVocabulary,
  first: readonly ValueKind[],
  rest: readonly ValueKind[],
) => firstThen(ofKinds(random, vocabulary, first), ofKinds(random, vocabulary, rest));

/** A rule over inputs of mixed kinds (common words always among them) whose first input is a guard (`GUARDS`). */
const guarded = (random: Random, vocabulary: FamilyVocabulary, apply: (input: string) => string): RuleEpisode => ({
  input: inputs(random, vocabulary, GUARDS, [...kindPool(random, ANY), 'common']),
  apply,
});

const reverseWords = (input: string) => input.split(' ').reverse().join(' ');

/**
 * A lookup whose keys and values each draw a kind per pair from the episode's 1–3 kinds, so one
 * episode pairs, say, names with words and words with phrases. The first pair shown has a guard
 * value.
 */
const mixedLookup: InContextFamily = {
  name: 'lookup-mixed-kinds',
  type: 'lookup',
  description: 'keys and values of 1–3 kinds each, mixed within the episode, 1–10 keys',
  generate: (random, vocabulary, count): Demonstration[] => {
    checkDemonstrationCount(count);
    const keyCount = Math.min(count - 1, 1 + random.int(10));
    const order = keyOrder(random, keyCount, count, random.pick(KEY_ORDERS));
    const keyKinds = kindPool(random, SINGLE);
    const valueKinds = kindPool(random, ANY);
    const used = new Set<string>();
    const draw = (kinds: readonly ValueKind[]) => {
      for (let tries = 0; tries < 1000; tries++) {
        const value = VALUE_KINDS[random.pick(kinds)](random, vocabulary);
        if (!used.has(value)) {
          used.add(value);
          return value;
        }
      }
      throw new DataError('vocabulary', kinds, `expected ${2 * keyCount} distinct values of these kinds`);
    };
    const keys = Array.from({ length: keyCount }, () => draw(keyKinds));
    const values = keys.map((_, key) => draw(key === order[0] ? GUARDS : valueKinds));
    return order.map((key) => ({ input: keys[key]!, output: values[key]! }));
  },
};

/**
 * Rules and a lookup whose episodes mix kinds of tokens, so that no kind is one a rule never
 * applies to: copying, appending, swapping, reversing words and initials over lowercase words as
 * well as names, numbers and symbols. Each episode starts with a demonstration no held-out family
 * has (a guard kind, a third word, a number whose double passes 999), which a test checks.
 */
const FAMILIES: readonly InContextFamily[] = [
  mixedLookup,
  ruleFamily('copy-mixed', 'a token of any kind → itself, kinds mixed in the episode', (random, vocabulary) =>
    guarded(random, vocabulary, (input) => input),
  ),
  ruleFamily('append-mixed', 'any token → it and an item drawn per episode', (random, vocabulary) => {
    const added = VALUE_KINDS[random.pick(SINGLE)](random, vocabulary);
    return guarded(random, vocabulary, (input) => `${input} ${added}`);
  }),
  ruleFamily('prepend-item', 'a single token → an item drawn per episode and it', (random, vocabulary) => {
    const added = VALUE_KINDS[random.pick(SINGLE)](random, vocabulary);
    return {
      input: inputs(random, vocabulary, SINGLE, kindPool(random, SINGLE)),
      apply: (input) => `${added} ${input}`,
    };
  }),
  ruleFamily('swap-mixed', 'two tokens of mixed kinds joined by a space → swapped', (random, vocabulary) => {
    const draw = ofKinds(random, vocabulary, [...kindPool(random, SINGLE), 'common']);
    const guard = ofKinds(random, vocabulary, SINGLE_GUARDS);
    return {
      input: firstThen(
        () => `${guard()} ${draw()}`,
        () => `${draw()} ${draw()}`,
      ),
      apply: reverseWords,
    };
  }),
  ruleFamily('reverse-words', '2–5 lowercase words → in reverse order, the first input 3–5', (random, vocabulary) => {
    const kind = random.pick(LOWERCASE);
    const words = (length: number) => Array.from({ length }, () => VALUE_KINDS[kind](random, vocabulary)).join(' ');
    return {
      input: firstThen(
        () => words(3 + random.int(3)),
        () => words(2 + random.int(4)),
      ),
      apply: reverseWords,
    };
  }),
  ruleFamily('initial-mark', 'a word or name → its first letter and a mark drawn per episode', (random, vocabulary) => {
    const mark = random.pick(INITIAL_MARKS);
    const kinds: readonly ValueKind[] = ['common', 'rare', 'name', 'upper'];
    return {
      input: inputs(random, vocabulary, mark === '.' ? ['common', 'rare', 'upper'] : kinds, kinds),
      apply: (input) => `${input.charAt(0)}${mark}`,
    };
  }),
  ruleFamily('multiply-number', 'a number → times 2–9 drawn per episode, the first product above 999', (random) => {
    const factor = 2 + random.int(8);
    const lowest = Math.ceil(1000 / factor);
    return {
      input: firstThen(
        () => String(lowest + random.int(1000 - lowest)),
        () => String(random.int(1000)),
      ),
      apply: (input) => String(factor * Number(input)),
    };
  }),
];

/** The cross-kind families by name: an opt-in addition to `TRAINING_FAMILIES` (`generateFamilyEpisodes`). */
export const CROSS_KIND_FAMILIES: Readonly<Record<string, InContextFamily>> = Object.fromEntries(
  FAMILIES.map((family) => [family.name, family]),
);

export const CROSS_KIND_FAMILY_NAMES: readonly string[] = Object.keys(CROSS_KIND_FAMILIES);
