import { describe, expect, it } from 'vitest';
import { createRandom } from '@fewshot/common';
import type { Demonstration } from '../synthetic/demonstration.js';
import { BROWN_VOCABULARY } from './__fixtures__/brown-vocabulary.js';
import { TRAINING_FAMILIES, TRAINING_FAMILY_NAMES } from './training-families.js';

const episodes = (name: string, count: number, n = 100): Demonstration[][] => {
  const random = createRandom(5, name);
  return Array.from({ length: n }, () => TRAINING_FAMILIES[name]!.generate(random, BROWN_VOCABULARY, count));
};
const words = (text: string) => text.split(' ');
const letters = (text: string) => Array.from(text);
const backwards = (text: string) => letters(text).reverse().join('');
/** The one value `f` gives for every demonstration of the episode, or undefined. */
const constant = <T>(examples: readonly Demonstration[], f: (example: Demonstration) => T): T | undefined => {
  const values = new Set(examples.map(f));
  return values.size === 1 ? [...values][0] : undefined;
};

/**
 * Each rule family's rule, written here independently of the generator: true when the whole
 * episode follows it (with the episode's parameter where it has one).
 */
const RULES: Record<string, (examples: readonly Demonstration[]) => boolean> = {
  'copy-token': (e) => e.every(({ input, output }) => input === output && !/^[a-z]+$/.test(input)),
  'copy-list': (e) => e.every(({ input, output }) => input === output && words(input).length >= 2),
  'reverse-letters': (e) => e.every(({ input, output }) => output === backwards(input) && output !== input),
  'reverse-list': (e) => e.every(({ input, output }) => words(output).join() === words(input).reverse().join()),
  'swap-pair': (e) => {
    const separator = [', ', ' / ', ' and ', ' '].find((s) => e.every(({ input }) => input.split(s).length === 2));
    const swapped = (input: string) => input.split(separator!).reverse().join(separator);
    return separator !== undefined && e.every(({ input, output }) => output === swapped(input));
  },
  'to-uppercase': (e) => e.every(({ input, output }) => /^[a-z]+$/.test(input) && output === input.toUpperCase()),
  'to-lowercase': (e) => e.every(({ input, output }) => /^[A-Z]+$/.test(input) && output === input.toLowerCase()),
  capitalise: (e) =>
    e.every(({ input, output }) => /^[a-z]/.test(input) && output === input[0]!.toUpperCase() + input.slice(1)),
  'first-item': (e) => e.every(({ input, output }) => output === words(input)[0]),
  'last-item': (e) => e.every(({ input, output }) => output === words(input).at(-1)),
  'nth-item': (e) => [1, 2, 3].some((p) => e.every(({ input, output }) => output === words(input)[p])),
  'first-letter': (e) => e.every(({ input, output }) => output === input[0]),
  'last-letter': (e) => e.every(({ input, output }) => output === input.at(-1)),
  'count-items': (e) => e.every(({ input, output }) => Number(output) === words(input).length),
  'count-letters': (e) => e.every(({ input, output }) => Number(output) === input.length),
  'add-offset': (e) => {
    const offset = constant(e, ({ input, output }) => Number(output) - Number(input));
    return offset !== undefined && offset !== 0 && Math.abs(offset) <= 30;
  },
  'list-lookup': (e) =>
    e.every(({ input, output }) => {
      const [key, pairs] = input.split(' in ') as [string, string];
      return pairs.split(', ').includes(`${key}=${output}`);
    }),
  'caesar-shift': (e) => {
    const shift = constant(e, ({ input, output }) => (output.charCodeAt(0) - input.charCodeAt(0) + 26) % 26);
    const shiftLetter = (c: string) => String.fromCharCode(((c.charCodeAt(0) - 97 + shift!) % 26) + 97);
    const shifted = (word: string) => letters(word).map(shiftLetter).join('');
    return shift !== undefined && shift >= 1 && shift <= 5 && e.every(({ input, output }) => output === shifted(input));
  },
  'spell-out': (e) => e.every(({ input, output }) => output === letters(input).join(' ')),
  'join-letters': (e) => e.every(({ input, output }) => input === letters(output).join(' ')),
  'sort-numbers': (e) => {
    const sorted = (input: string, sign: number) =>
      words(input)
        .map(Number)
        .sort((a, b) => sign * (a - b))
        .join(' ');
    return [1, -1].some((sign) => e.every(({ input, output }) => output === sorted(input, sign)));
  },
  'extreme-number': (e) =>
    [Math.max, Math.min].some((f) => e.every(({ input, output }) => Number(output) === f(...words(input).map(Number)))),
  bracket: (e) => {
    const marks = constant(e, ({ output }) => `${output[0]!}${output.at(-1)!}`);
    return marks !== undefined && e.every(({ input, output }) => output.slice(1, -1) === input);
  },
};

/** input → output is a function within the episode. */
function isFunction(examples: readonly Demonstration[]): boolean {
  const seen = new Map<string, string>();
  return examples.every(({ input, output }) => (seen.get(input) ?? output) === output && seen.set(input, output));
}

describe('training families', () => {
  it('are at least 30, lookups and rules', () => {
    const types = Object.values(TRAINING_FAMILIES).map((family) => family.type);
    expect(TRAINING_FAMILY_NAMES.length).toBeGreaterThanOrEqual(30);
    expect(types.filter((type) => type === 'lookup').length).toBeGreaterThanOrEqual(15);
    expect(types.filter((type) => type === 'rule').length).toBeGreaterThanOrEqual(15);
  });

  it('lookups: a function over 1–10 keys whose query was shown, a new mapping every episode', () => {
    const lookups = Object.values(TRAINING_FAMILIES).filter((f) => f.type === 'lookup' && f.name.startsWith('lookup-'));
    for (const family of lookups) {
      const keyCounts = new Set<number>();
      const mappings = new Set<string>();
      for (const examples of episodes(family.name, 17)) {
        expect(isFunction(examples), family.name).toBe(true);
        expect(
          examples.slice(0, -1).map(({ input }) => input),
          family.name,
        ).toContain(examples.at(-1)!.input);
        const keys = new Set(examples.map(({ input }) => input));
        keyCounts.add(keys.size);
        for (const { output } of examples) expect(keys.has(output)).toBe(false);
        mappings.add(JSON.stringify([...new Map(examples.map(({ input, output }) => [input, output]))].sort()));
      }
      expect(Math.min(...keyCounts), family.name).toBe(1);
      expect(Math.max(...keyCounts), family.name).toBe(10);
      expect(mappings.size, family.name).toBe(100);
    }
  });

  it('rules: distinct inputs, every episode following its rule (checked independently)', () => {
    const rules = Object.values(TRAINING_FAMILIES).filter((f) => f.type === 'rule' && f.name in RULES);
    expect(rules.map((f) => f.name).sort()).toEqual(Object.keys(RULES).sort());
    for (const family of rules) {
      for (const count of [2, 9]) {
        for (const examples of episodes(family.name, count, 60)) {
          expect(examples).toHaveLength(count);
          expect(new Set(examples.map(({ input }) => input)).size).toBe(count);
          expect(RULES[family.name]!(examples), `${family.name}: ${JSON.stringify(examples)}`).toBe(true);
        }
      }
    }
  });

  it('the same seed gives the same episodes; bad counts get a clear error', () => {
    for (const name of TRAINING_FAMILY_NAMES) expect(episodes(name, 6, 5)).toEqual(episodes(name, 6, 5));
    expect(() => TRAINING_FAMILIES['swap-pair']!.generate(createRandom(1), BROWN_VOCABULARY, 1)).toThrow(
      'count = 1 is invalid: expected an integer >= 2 (demonstrations and a query)',
    );
    const lookup = TRAINING_FAMILIES['lookup-name-to-number']!;
    expect(() => lookup.generate(createRandom(1), BROWN_VOCABULARY, 1.5)).toThrow(/count = 1.5 is invalid/);
  });
});
