import { describe, expect, it } from 'vitest';
import { createRandom } from '@fewshot/common';
import { KEY_ORDERS, keyOrder } from './key-order.js';

const runs = (order: readonly number[]) => order.slice(1).filter((key, i) => key === order[i]).length;

describe('keyOrder', () => {
  it('gives count indices below keyCount whose last was shown before, in every order', () => {
    const random = createRandom(1, 'key order');
    for (const order of KEY_ORDERS) {
      for (let i = 0; i < 300; i++) {
        const keyCount = 1 + random.int(10);
        const count = keyCount + 1 + random.int(20);
        const keys = keyOrder(random, keyCount, count, order);
        expect(keys).toHaveLength(count);
        for (const key of keys) expect(key >= 0 && key < keyCount && Number.isInteger(key)).toBe(true);
        expect(keys.slice(0, -1)).toContain(keys.at(-1));
      }
    }
  });

  it('shown-first and interleaved show every key; shown-first before any repeat', () => {
    const random = createRandom(2, 'key order');
    for (let i = 0; i < 200; i++) {
      const keys = keyOrder(random, 6, 12, 'shown-first');
      expect(new Set(keys.slice(0, 6)).size).toBe(6);
      expect(new Set(keyOrder(random, 6, 7, 'interleaved').slice(0, -1)).size).toBe(6);
    }
  });

  it('bursty repeats the previous key far more often than shown-first; zipf favours its first keys', () => {
    const random = createRandom(3, 'key order');
    let bursty = 0;
    let uniform = 0;
    const zipfCounts = Array<number>(10).fill(0);
    for (let i = 0; i < 500; i++) {
      bursty += runs(keyOrder(random, 10, 20, 'bursty'));
      uniform += runs(keyOrder(random, 10, 20, 'shown-first'));
      for (const key of keyOrder(random, 10, 20, 'zipf')) zipfCounts[key]! += 1;
    }
    // Repeat probability 0.6 + 0.4/10 against about 1/10 for uniform repeats.
    expect(bursty / (500 * 19)).toBeGreaterThan(0.55);
    expect(uniform / (500 * 19)).toBeLessThan(0.12);
    // ∝ 1/rank: key 0 ten times as frequent as key 9 (allow sampling noise).
    expect(zipfCounts[0]! / zipfCounts[9]!).toBeGreaterThan(6);
    expect(zipfCounts[0]! / zipfCounts[9]!).toBeLessThan(15);
  });
});
