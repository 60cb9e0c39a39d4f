import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AttentionPattern,
  type AttentionTypesShorthand,
  attendedKeyCount,
  attendedPairCount,
  attends,
  expandAttentionTypes,
  parseAttentionPattern,
} from './attention-pattern.js';
import { ConfigError } from './config-error.js';

/**
 * The keys a query sees, enumerated straight from the definitions in Child et al. 2019 — and, for
 * a strided pattern with its own window, the seed's: i − j < window or (i − j) mod stride = 0.
 */
function referenceKeys(pattern: AttentionPattern, i: number): number[] {
  const keys = new Set<number>();
  for (let j = 0; j <= i; j++) {
    switch (pattern.type) {
      case 'dense':
        keys.add(j);
        break;
      case 'local':
        if (j > i - pattern.window) keys.add(j);
        break;
      case 'strided':
        if (pattern.window === undefined ? j >= Math.max(0, i - pattern.stride) : i - j < pattern.window) {
          keys.add(j); // A1
        }
        if ((i - j) % pattern.stride === 0) keys.add(j); // A2
        break;
      case 'fixed':
        if (Math.floor(j / pattern.block) === Math.floor(i / pattern.block)) keys.add(j); // A1
        if (j % pattern.block >= pattern.block - pattern.summary) keys.add(j); // A2
        break;
    }
  }
  return [...keys].sort((a, b) => a - b);
}

const patternArbitrary: fc.Arbitrary<AttentionPattern> = fc.oneof(
  fc.constant({ type: 'dense' as const }),
  fc.integer({ min: 1, max: 40 }).map((window) => ({ type: 'local' as const, window })),
  fc.integer({ min: 1, max: 40 }).map((stride) => ({ type: 'strided' as const, stride })),
  fc.record({
    type: fc.constant('strided' as const),
    stride: fc.integer({ min: 1, max: 40 }),
    window: fc.integer({ min: 1, max: 90 }),
  }),
  fc
    .integer({ min: 1, max: 40 })
    .chain((block) =>
      fc.integer({ min: 1, max: block }).map((summary) => ({ type: 'fixed' as const, block, summary })),
    ),
);

describe('attention patterns', () => {
  it('match the paper definitions key by key, and count keys in O(1) exactly', () => {
    fc.assert(
      fc.property(patternArbitrary, fc.integer({ min: 0, max: 300 }), (pattern, query) => {
        const expected = referenceKeys(pattern, query);
        const actual: number[] = [];
        for (let key = 0; key <= query + 2; key++) if (attends(pattern, query, key)) actual.push(key);
        expect(actual).toEqual(expected);
        expect(attendedKeyCount(pattern, query)).toBe(expected.length);
      }),
    );
  });

  it('are causal and always include the query itself', () => {
    fc.assert(
      fc.property(patternArbitrary, fc.integer({ min: 0, max: 500 }), (pattern, query) => {
        expect(attends(pattern, query, query)).toBe(true);
        expect(attends(pattern, query, query + 1)).toBe(false);
      }),
    );
  });

  it('count pairs over a sequence: n(n+1)/2 for dense, linear for local', () => {
    expect(attendedPairCount({ type: 'dense' }, 2048)).toBe((2048 * 2049) / 2);
    // The first 255 queries see 1..255 keys, every later query exactly 256.
    expect(attendedPairCount({ type: 'local', window: 256 }, 2048)).toBe((255 * 256) / 2 + (2048 - 255) * 256);
  });

  it('expands GPT-Neo shorthand into one pattern per layer', () => {
    const layers = expandAttentionTypes([[['global', 'local'], 3]], { window: 8 });
    expect(layers.map((l) => l.type)).toEqual(['dense', 'local', 'dense', 'local', 'dense', 'local']);
    expect(layers[1]).toEqual({ type: 'local', window: 8 });
    expect(
      expandAttentionTypes(
        [
          [['fixed'], 1],
          [['strided', 'dense'], 1],
        ],
        { block: 16, summary: 2, stride: 4 },
      ),
    ).toEqual([{ type: 'fixed', block: 16, summary: 2 }, { type: 'strided', stride: 4 }, { type: 'dense' }]);
  });

  it('rejects malformed patterns naming the field, the value and what is allowed', () => {
    expect(() => parseAttentionPattern('attention[2]', { type: 'local', window: 0 })).toThrow(
      'attention[2].window = 0 is invalid: expected an integer >= 1',
    );
    expect(() => parseAttentionPattern('attention[0]', { type: 'sparse' })).toThrow(
      'attention[0].type = "sparse" is invalid: expected one of "dense", "local", "strided", "fixed"',
    );
    expect(() => parseAttentionPattern('attention[3]', { type: 'strided', stride: 8, window: 0 })).toThrow(
      'attention[3].window = 0 is invalid: expected an integer >= 1',
    );
    expect(() => parseAttentionPattern('attention[1]', { type: 'fixed', block: 8, summary: 9 })).toThrow(
      'attention[1].summary = 9 is invalid: expected an integer in 1..8',
    );
    expect(() => expandAttentionTypes([[['local'], 2]])).toThrow(
      'window = undefined is invalid: "local" layers need window',
    );
    const misspelled = [[['global', 'banded'], 2]] as unknown as AttentionTypesShorthand;
    expect(() => expandAttentionTypes(misspelled, { window: 4 })).toThrow(
      'attentionTypes[0][0][1] = "banded" is invalid',
    );
    expect(() => expandAttentionTypes([[['global'], 0]])).toThrow(ConfigError);
  });
});
