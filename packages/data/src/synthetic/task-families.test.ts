import { describe, expect, it } from 'vitest';
import { createRandom } from '@fewshot/common';
import type { Demonstration } from './demonstration.js';
import { LETTER_RULES } from './letter-transform.js';
import { TASK_FAMILIES } from './task-families.js';

const WORDS = [
  'river',
  'stone',
  'cat',
  'house',
  'garden',
  'light',
  'water',
  'table',
  'north',
  'apple',
  'music',
  'bread',
  'chair',
  'cloud',
  'field',
  'glass',
  'horse',
  'money',
  'night',
  'paper',
  'queen',
  'sound',
];

function episodes(family: keyof typeof TASK_FAMILIES, count: number): Demonstration[][] {
  const random = createRandom(11, family);
  return Array.from({ length: 200 }, () => TASK_FAMILIES[family](random, WORDS, count));
}

/** input → output is a function within the episode. */
function isFunction(examples: readonly Demonstration[]): boolean {
  const seen = new Map<string, string>();
  for (const { input, output } of examples) {
    if ((seen.get(input) ?? output) !== output) return false;
    seen.set(input, output);
  }
  return true;
}

describe('letter rules', () => {
  it('transform words as their names say (hand-written)', () => {
    const expected: Record<string, string> = {
      uppercase: 'RIVER',
      reverse: 'revir',
      'first-letter': 'r',
      'last-letter': 'r',
      repeat: 'river river',
      'spell-out': 'r i v e r',
      'caesar-1': 'sjwfs',
      'caesar-2': 'tkxgt',
      'caesar-3': 'ulyhu',
    };
    expect(Object.fromEntries(Object.entries(LETTER_RULES).map(([name, rule]) => [name, rule('river')]))).toEqual(
      expected,
    );
    expect(LETTER_RULES['caesar-3']!('xyz')).toBe('abc');
  });
});

describe('task families', () => {
  it('word-mapping: a few keys, a function, the last input shown before', () => {
    for (const examples of episodes('word-mapping', 12)) {
      expect(isFunction(examples)).toBe(true);
      const keys = new Set(examples.map((example) => example.input));
      expect(keys.size).toBeGreaterThanOrEqual(3);
      expect(keys.size).toBeLessThanOrEqual(6);
      expect(examples.slice(0, -1).some((example) => example.input === examples.at(-1)!.input)).toBe(true);
      // Values are words too, and never a key of the same episode.
      for (const { output } of examples) expect(keys.has(output)).toBe(false);
    }
  });

  it('letter-transform: one rule per episode over distinct words', () => {
    const rulesSeen = new Set<string>();
    for (const examples of episodes('letter-transform', 8)) {
      expect(new Set(examples.map((example) => example.input)).size).toBe(8);
      const fitting = Object.entries(LETTER_RULES).filter(([, rule]) =>
        examples.every(({ input, output }) => rule(input) === output),
      );
      expect(fitting.length).toBeGreaterThanOrEqual(1);
      rulesSeen.add(fitting[0]![0]);
    }
    expect(rulesSeen.size).toBe(Object.keys(LETTER_RULES).length);
  });

  it('arithmetic-offset: distinct numbers 0–99 and one offset in 1–30 per episode', () => {
    for (const examples of episodes('arithmetic-offset', 16)) {
      const inputs = examples.map((example) => Number(example.input));
      expect(new Set(inputs).size).toBe(16);
      expect(inputs.every((n) => Number.isInteger(n) && n >= 0 && n < 100)).toBe(true);
      const offsets = new Set(examples.map(({ input, output }) => Number(output) - Number(input)));
      expect(offsets.size).toBe(1);
      const [offset] = offsets;
      expect(offset).toBeGreaterThanOrEqual(1);
      expect(offset).toBeLessThanOrEqual(30);
    }
  });

  it('classification: each kind of input has its own label word, and the query kind was shown', () => {
    const kindOf = (input: string) =>
      /^\d+$/.test(input) ? 'number' : input === input.toUpperCase() ? 'shouted' : 'word';
    for (const examples of episodes('classification', 10)) {
      expect(new Set(examples.map((example) => example.input)).size).toBe(10);
      const labels = new Map<string, string>();
      for (const { input, output } of examples) {
        expect(labels.get(kindOf(input)) ?? output).toBe(output);
        labels.set(kindOf(input), output);
      }
      expect(new Set(labels.values()).size).toBe(labels.size);
      const query = examples.at(-1)!;
      expect(examples.slice(0, -1).some((example) => kindOf(example.input) === kindOf(query.input))).toBe(true);
    }
  });
});
