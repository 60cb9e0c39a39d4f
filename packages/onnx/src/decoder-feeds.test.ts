import { describe, expect, it } from 'vitest';
import { decoderFeeds, presentsAsPast } from './decoder-feeds.js';

/** A tensor that records what it was made of. */
class Recorded {
  constructor(
    readonly type: string,
    readonly data: Float32Array | BigInt64Array | Uint8Array,
    readonly dims: readonly number[],
  ) {}
}

const values = (tensor: Recorded | undefined): number[] => Array.from(tensor?.data ?? [], Number);
const shape = { nLayer: 2, nHead: 3, headSize: 4 };

describe('decoderFeeds', () => {
  it('builds a left-padded prefill as Hugging Face does: positions count the mask, padding at 1, empty past', () => {
    const feeds = decoderFeeds(Recorded, shape, {
      ids: [
        [5, 6, 7],
        [0, 8, 9],
      ],
      mask: [
        [1, 1, 1],
        [0, 1, 1],
      ],
      merged: true,
    });
    expect(Object.keys(feeds)).toEqual([
      'input_ids',
      'attention_mask',
      'position_ids',
      'past_key_values.0.key',
      'past_key_values.0.value',
      'past_key_values.1.key',
      'past_key_values.1.value',
      'use_cache_branch',
    ]);
    // transformers.js: position_ids = attention_mask.cumsum(-1) - 1, masked_fill(attention_mask == 0, 1).
    expect(values(feeds.position_ids)).toEqual([0, 1, 2, 1, 0, 1]);
    expect(feeds.position_ids?.dims).toEqual([2, 3]);
    expect(feeds['past_key_values.1.value']?.dims).toEqual([2, 3, 0, 4]);
    expect(values(feeds.use_cache_branch)).toEqual([0]);
  });

  it('continues from a past: positions of the last slots only, use_cache_branch true, no branch input unmerged', () => {
    const past = presentsAsPast(
      Object.fromEntries(
        ['0.key', '0.value', '1.key', '1.value'].map((name) => [
          `present.${name}`,
          new Recorded('float32', new Float32Array(0), [1]),
        ]),
      ),
      2,
    );
    const merged = decoderFeeds(Recorded, shape, { ids: [[4]], mask: [[0, 0, 1, 1, 1]], past, merged: true });
    expect(values(merged.position_ids)).toEqual([2]);
    expect(values(merged.use_cache_branch)).toEqual([1]);
    expect(merged['past_key_values.0.key']).toBe(past['past_key_values.0.key']);
    expect(decoderFeeds(Recorded, shape, { ids: [[4]], mask: [[1]], merged: false }).use_cache_branch).toBeUndefined();
  });

  it('refuses rows that do not fit, and outputs without a present', () => {
    expect(() => decoderFeeds(Recorded, shape, { ids: [[1, 2]], mask: [[1]], merged: false })).toThrow(
      'decoder step: 1 id rows of 2 need as many mask rows of at least 2 slots',
    );
    expect(() => presentsAsPast({}, 1)).toThrow('decoder: the session returned no present.0.key');
  });
});
