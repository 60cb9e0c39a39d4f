import type { Demonstration } from '../synthetic/demonstration.js';
import type { InContextFamily } from '../task-families/family.js';
import { lookupFamily } from '../task-families/lookup-family.js';
import { ruleFamily } from '../task-families/rule-family.js';
import { VALUE_KINDS } from '../task-families/value-kinds.js';
import { SHAPES, hasShapes, isLookup } from './episode-shapes.js';

/**
 * A family kept out of all training text, with its signature: the property of an episode that
 * identifies the family whatever generated the episode (tested against the training generator).
 */
export interface HeldOutFamily extends InContextFamily {
  readonly signature: (examples: readonly Demonstration[]) => boolean;
}

const { number, lowercaseWord, name, symbols, twoLowercaseWords } = SHAPES;
/** 3–6 keys (as the original word mapping), in orders that show every key: K = 16 shows them all. */
const THREE_TO_SIX_SHOWN = { minKeys: 3, maxKeys: 6, orders: ['shown-first', 'interleaved'] } as const;
const FIVE_SHOWN = { ...THREE_TO_SIX_SHOWN, minKeys: 5, maxKeys: 5 };
const reverse = (word: string) => Array.from(word).reverse().join('');
const swapWords = (input: string) => input.split(' ').reverse().join(' ');
const capitalised = (word: string) => word.charAt(0) + word.slice(1).toLowerCase();
const capitals = /^[A-Z]{2,}$/;
const distinctInputs = (examples: readonly Demonstration[]) => new Set(examples.map(({ input }) => input)).size;

/**
 * Families no training generator makes — the six a new user tried in issue 19 (numbers → words,
 * names → words, a word → a two-word phrase, five keys, echo, swap two words) and seven more
 * rules — to measure in-context learning of tasks never seen in training. Training text never
 * reads this module (a test checks the imports and the signatures).
 */
const FAMILIES: readonly HeldOutFamily[] = [
  {
    ...lookupFamily('numbers-to-words', { keys: 'number', values: 'common', ...THREE_TO_SIX_SHOWN }),
    signature: (examples) => isLookup(examples) && hasShapes(examples, number, lowercaseWord),
  },
  {
    ...lookupFamily('names-to-words', { keys: 'name', values: 'common', ...THREE_TO_SIX_SHOWN }),
    signature: (examples) => isLookup(examples) && hasShapes(examples, name, lowercaseWord),
  },
  {
    ...lookupFamily('word-to-two-words', { keys: 'common', values: 'phrase', ...THREE_TO_SIX_SHOWN }),
    signature: (examples) => isLookup(examples) && hasShapes(examples, lowercaseWord, twoLowercaseWords),
  },
  {
    ...lookupFamily('symbols-to-words-five-keys', { keys: 'symbol', values: 'common', ...FIVE_SHOWN }),
    signature: (examples) => isLookup(examples) && hasShapes(examples, symbols, lowercaseWord),
  },
  {
    ...ruleFamily('echo', 'a common word → itself', (random, vocabulary) => ({
      input: () => VALUE_KINDS.common(random, vocabulary),
      apply: (input) => input,
    })),
    // Some input is no palindrome: a reversal rule on palindromes alone would echo them too.
    signature: (examples) =>
      examples.every(({ input, output }) => lowercaseWord.test(input) && output === input) &&
      examples.some(({ input }) => reverse(input) !== input),
  },
  {
    ...ruleFamily('swap-two-words', 'two common words → swapped', (random, vocabulary) => ({
      input: () => VALUE_KINDS.phrase(random, vocabulary),
      apply: swapWords,
    })),
    signature: (examples) =>
      examples.every(({ input, output }) => twoLowercaseWords.test(input) && output === swapWords(input)) &&
      examples.some(({ input, output }) => input !== output),
  },
  {
    ...ruleFamily('double-number', 'a number 0–499 → twice it', (random) => ({
      input: () => String(random.int(500)),
      apply: (input) => String(2 * Number(input)),
    })),
    // Two inputs at least: one number with its double could be a lookup's single pair.
    signature: (examples) =>
      examples.every(({ input, output }) => number.test(input) && output === String(2 * Number(input))) &&
      examples.every(({ output }) => Number(output) < 1000) &&
      distinctInputs(examples) >= 2,
  },
  {
    ...ruleFamily('add-a-word', 'a common word → it followed by a word drawn per episode', (random, vocabulary) => {
      const added = VALUE_KINDS.common(random, vocabulary);
      return { input: () => VALUE_KINDS.common(random, vocabulary), apply: (input) => `${input} ${added}` };
    }),
    signature: (examples) => {
      const first = examples[0];
      if (!first?.output.startsWith(`${first.input} `)) return false;
      const added = first.output.slice(first.input.length + 1);
      return (
        distinctInputs(examples) >= 2 &&
        examples.every(({ input, output }) => lowercaseWord.test(input) && output === `${input} ${added}`)
      );
    },
  },
  {
    ...ruleFamily('name-initial', 'a first name → its initial and a full stop', (random, vocabulary) => ({
      input: () => VALUE_KINDS.name(random, vocabulary),
      apply: (input) => `${input.charAt(0)}.`,
    })),
    signature: (examples) =>
      examples.every(({ input, output }) => name.test(input) && output === `${input.charAt(0)}.`),
  },
  // Four more, added with the cross-kind training families (RECIPE.md §5) and chosen so that
  // nothing in that text resembles them: a control for rules it was not written to cover.
  {
    ...ruleFamily('name-to-lowercase', 'a first name → in lowercase', (random, vocabulary) => ({
      input: () => VALUE_KINDS.name(random, vocabulary),
      apply: (input) => input.toLowerCase(),
    })),
    signature: (examples) =>
      distinctInputs(examples) >= 2 &&
      examples.every(({ input, output }) => name.test(input) && output === input.toLowerCase()),
  },
  {
    ...ruleFamily('capitals-to-capitalised', 'a word in capitals → capitalised', (random, vocabulary) => ({
      input: () => VALUE_KINDS.upper(random, vocabulary),
      apply: capitalised,
    })),
    signature: (examples) =>
      distinctInputs(examples) >= 2 &&
      examples.every(({ input, output }) => capitals.test(input) && output === capitalised(input)),
  },
  {
    ...ruleFamily('number-plus-hundred', 'a number 0–899 → plus 100', (random) => ({
      input: () => String(random.int(900)),
      apply: (input) => String(Number(input) + 100),
    })),
    signature: (examples) =>
      distinctInputs(examples) >= 2 &&
      examples.every(({ input, output }) => number.test(input) && output === String(Number(input) + 100)),
  },
  {
    ...ruleFamily('first-two-letters', 'a common word of 3 letters or more → its first two', (random, vocabulary) => ({
      input: () => VALUE_KINDS.common(random, vocabulary),
      apply: (input) => input.slice(0, 2),
    })),
    signature: (examples) =>
      distinctInputs(examples) >= 2 &&
      examples.every(({ input, output }) => lowercaseWord.test(input) && output === input.slice(0, 2)),
  },
];

/** The held-out families by name. */
export const HELD_OUT_FAMILIES: Readonly<Record<string, HeldOutFamily>> = Object.fromEntries(
  FAMILIES.map((family) => [family.name, family]),
);

export const HELD_OUT_FAMILY_NAMES: readonly string[] = Object.keys(HELD_OUT_FAMILIES);
