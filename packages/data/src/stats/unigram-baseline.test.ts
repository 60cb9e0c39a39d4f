import { describe, expect, it } from 'vitest';
import { unigramBaseline } from './unigram-baseline.js';

describe('unigramBaseline', () => {
  it('is the add-one-smoothed unigram cross-entropy, computed by hand', () => {
    // Training counts over a vocabulary of 3: token 0 twice, token 1 once → p(0) = 3/6, p(2) = 1/6.
    const result = unigramBaseline([0, 0, 1], Int32Array.from([0, 2]), 3, 5);
    const nats = Math.log(2) + Math.log(6);
    expect(result.natsPerToken).toBeCloseTo(nats / 2, 12);
    expect(result.bitsPerByte).toBeCloseTo(nats / Math.LN2 / 5, 12);
  });

  it('equals log(V) for a uniform training distribution', () => {
    expect(unigramBaseline([0, 1, 2, 3], [3, 1], 4, 1).natsPerToken).toBeCloseTo(Math.log(4), 12);
  });

  it('names an id outside the vocabulary', () => {
    expect(() => unigramBaseline([0, 7], [0], 4, 1)).toThrow(
      /training\[1\] = 7 is invalid: expected a token id in 0..3/,
    );
    expect(() => unigramBaseline([0], [], 4, 1)).toThrow(/evaluated.length/);
  });
});
