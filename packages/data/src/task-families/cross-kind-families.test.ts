import { describe, expect, it } from 'vitest';
import { createRandom } from '@fewshot/common';
import type { Demonstration } from '../synthetic/demonstration.js';
import { BROWN_VOCABULARY } from './__fixtures__/brown-vocabulary.js';
import { CROSS_KIND_FAMILIES, CROSS_KIND_FAMILY_NAMES } from './cross-kind-families.js';
import { TRAINING_FAMILIES } from './training-families.js';

const episodes = (name: string, count: number, n = 100): Demonstration[][] => {
  const random = createRandom(6, name);
  return Array.from({ length: n }, () => CROSS_KIND_FAMILIES[name]!.generate(random, BROWN_VOCABULARY, count));
};
const LOWERCASE_WORD = /^[a-z]+$/;
const TWO_LOWERCASE_WORDS = /^[a-z]+ [a-z]+$/;
const NAME = /^[A-Z][a-z]+$/;
const words = (text: string) => text.split(' ');
/** The one value `f` gives for every demonstration of the episode, or undefined. */
const constant = <T>(examples: readonly Demonstration[], f: (example: Demonstration) => T): T | undefined => {
  const values = new Set(examples.map(f));
  return values.size === 1 ? [...values][0] : undefined;
};
const suffix = ({ input, output }: Demonstration) =>
  output.startsWith(`${input} `) ? output.slice(input.length + 1) : '';
const prefix = ({ input, output }: Demonstration) =>
  output.endsWith(` ${input}`) ? output.slice(0, -input.length - 1) : '';

/** Each rule, written here independently of the generator: true when the whole episode follows it. */
const RULES: Record<string, (examples: readonly Demonstration[]) => boolean> = {
  'copy-mixed': (e) => e.every(({ input, output }) => input === output),
  'append-mixed': (e) => Boolean(constant(e, suffix)),
  'prepend-item': (e) => Boolean(constant(e, prefix)),
  'swap-mixed': (e) =>
    e.every(({ input, output }) => words(input).length === 2 && output === words(input).reverse().join(' ')),
  'reverse-words': (e) => e.every(({ input, output }) => output === words(input).reverse().join(' ')),
  'initial-mark': (e) => {
    const mark = constant(e, ({ output }) => output.slice(1));
    return mark?.length === 1 && e.every(({ input, output }) => output.startsWith(input.charAt(0)));
  },
  'multiply-number': (e) => {
    const factor = constant(e, ({ input, output }) => Number(output) / Number(input));
    return factor !== undefined && Number.isInteger(factor) && factor >= 2 && factor <= 9;
  },
};

describe('cross-kind families', () => {
  it('are new names: one lookup and the rules above', () => {
    for (const name of CROSS_KIND_FAMILY_NAMES) expect(name in TRAINING_FAMILIES).toBe(false);
    expect(CROSS_KIND_FAMILY_NAMES.filter((name) => CROSS_KIND_FAMILIES[name]!.type === 'rule').sort()).toEqual(
      Object.keys(RULES).sort(),
    );
  });

  it('rules: distinct inputs, every episode following its rule (checked independently)', () => {
    for (const name of Object.keys(RULES)) {
      for (const count of [2, 9]) {
        for (const examples of episodes(name, count, 60)) {
          // A product of zero has no factor to read: such an episode is checked without it.
          const checked = name === 'multiply-number' ? examples.filter(({ input }) => input !== '0') : examples;
          expect(examples).toHaveLength(count);
          expect(new Set(examples.map(({ input }) => input)).size).toBe(count);
          expect(RULES[name]!(checked), `${name}: ${JSON.stringify(examples)}`).toBe(true);
        }
      }
    }
  });

  it('mixed lookup: a function over 1–10 keys whose query was shown, keys and values never shared', () => {
    const keyCounts = new Set<number>();
    for (const examples of episodes('lookup-mixed-kinds', 17)) {
      const mapping = new Map<string, string>();
      for (const { input, output } of examples) {
        expect(mapping.get(input) ?? output).toBe(output);
        mapping.set(input, output);
      }
      expect(examples.slice(0, -1).map(({ input }) => input)).toContain(examples.at(-1)!.input);
      for (const value of mapping.values()) expect(mapping.has(value)).toBe(false);
      keyCounts.add(mapping.size);
    }
    expect(Math.min(...keyCounts)).toBe(1);
    expect(Math.max(...keyCounts)).toBe(10);
  });

  it('episodes hold the pairings the other training families never show, beside other kinds', () => {
    // Within one episode of each: a lowercase word copied, a lowercase word with a word
    // appended, two lowercase words swapped, a name's initial with a full stop, a number doubled
    // below 1,000, and a lowercase word looked up to two words.
    const has = (name: string, count: number, test: (example: Demonstration) => boolean) =>
      episodes(name, count, 200).some((examples) => examples.some(test));
    expect(has('copy-mixed', 12, ({ input, output }) => LOWERCASE_WORD.test(input) && output === input)).toBe(true);
    expect(has('append-mixed', 12, (example) => LOWERCASE_WORD.test(example.input) && suffix(example) !== '')).toBe(
      true,
    );
    expect(has('swap-mixed', 12, ({ input }) => TWO_LOWERCASE_WORDS.test(input))).toBe(true);
    expect(has('reverse-words', 12, ({ input }) => TWO_LOWERCASE_WORDS.test(input))).toBe(true);
    expect(has('initial-mark', 12, ({ input, output }) => NAME.test(input) && output === `${input[0]}.`)).toBe(true);
    expect(
      has('multiply-number', 12, ({ input, output }) => Number(output) === 2 * Number(input) && Number(output) < 1000),
    ).toBe(true);
    expect(
      has(
        'lookup-mixed-kinds',
        12,
        ({ input, output }) => LOWERCASE_WORD.test(input) && TWO_LOWERCASE_WORDS.test(output),
      ),
    ).toBe(true);
  });

  it('the same seed gives the same episodes', () => {
    for (const name of CROSS_KIND_FAMILY_NAMES) expect(episodes(name, 6, 5)).toEqual(episodes(name, 6, 5));
  });
});
