import { describe, expect, it } from 'vitest';
import { createRandom } from '@fewshot/common';
import { repeatedLine } from './repeated-line.js';

const WORDS = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta'];

describe('repeatedLine', () => {
  it('writes a line of words from the list, a newline, and the same line again', () => {
    const random = createRandom(3, 'test');
    for (let i = 0; i < 200; i++) {
      const text = repeatedLine(random, WORDS, { minWords: 2, maxWords: 5 });
      const [first, second, ...rest] = text.split('\n');
      expect(rest).toEqual([]);
      expect(second).toBe(first);
      const words = first!.split(' ');
      expect(words.length).toBeGreaterThanOrEqual(2);
      expect(words.length).toBeLessThanOrEqual(5);
      for (const word of words) expect(WORDS).toContain(word);
    }
  });

  it('draws every length in the range and differs from line to line', () => {
    const random = createRandom(4, 'test');
    const texts = Array.from({ length: 300 }, () => repeatedLine(random, WORDS, { minWords: 3, maxWords: 6 }));
    expect(new Set(texts.map((text) => text.split('\n')[0]!.split(' ').length))).toEqual(new Set([3, 4, 5, 6]));
    expect(new Set(texts).size).toBeGreaterThan(290);
  });

  it('draws each line from distinctWords words chosen for that line', () => {
    const random = createRandom(5, 'test');
    const pools = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const first = repeatedLine(random, WORDS, { minWords: 12, maxWords: 12, distinctWords: 3 }).split('\n')[0]!;
      const used = new Set(first.split(' '));
      // 12 draws from 3 words: at most 3 distinct; fewer only when a word is never drawn.
      expect(used.size).toBeLessThanOrEqual(3);
      if (used.size === 3) pools.add([...used].sort().join(' '));
    }
    // The pool changes from line to line: most of the C(8, 3) = 56 triples appear over 300 lines.
    expect(pools.size).toBeGreaterThan(50);
  });

  it('is reproducible from the seed', () => {
    const a = createRandom(9, 'same');
    const b = createRandom(9, 'same');
    expect(Array.from({ length: 5 }, () => repeatedLine(a, WORDS))).toEqual(
      Array.from({ length: 5 }, () => repeatedLine(b, WORDS)),
    );
  });

  it('names the bad option', () => {
    const random = createRandom(1);
    expect(() => repeatedLine(random, [])).toThrow('words');
    expect(() => repeatedLine(random, WORDS, { minWords: 0 })).toThrow(
      'minWords = 0 is invalid: expected an integer >= 1',
    );
    expect(() => repeatedLine(random, WORDS, { minWords: 5, maxWords: 4 })).toThrow(
      'maxWords = 4 is invalid: expected an integer >= minWords (5)',
    );
    expect(() => repeatedLine(random, WORDS, { distinctWords: 9 })).toThrow(
      'distinctWords = 9 is invalid: expected an integer from 1 to the number of words (8)',
    );
    expect(() => repeatedLine(random, WORDS, { distinctWords: 0 })).toThrow('distinctWords = 0 is invalid');
  });
});
