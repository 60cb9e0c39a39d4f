import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_BACKENDS } from './__fixtures__/test-backends.js';
import { GptModel } from './gpt-model.js';
import { mixedPatternConfig } from './testing/mixed-pattern-config.js';
import { PACKED_PASSES_CONTEXT, comparePackedPasses } from './testing/packed-passes.js';

const CONFIG = mixedPatternConfig(PACKED_PASSES_CONTEXT);

describe.each(TEST_BACKENDS)('GptModel.nextTokenLogitsBatch on the %s backend', (backend) => {
  let model: GptModel;

  beforeAll(async () => {
    await tf.setBackend(backend);
    model = GptModel.create(CONFIG, { seed: 11 });
  });

  afterAll(() => {
    model.dispose();
  });

  it('gives each row of a pass packing prefill chunks and decoding rows its sequence alone (within 1e-5)', async () => {
    const result = await comparePackedPasses(model);
    expect(result.rows).toBe(8 + 8 + 7 + 8);
    expect(result.worstDifference).toBeLessThan(1e-5);
    // Independently of the cached paths: against the last row of a full forward pass.
    expect(result.worstAgainstForward).toBeLessThan(1e-4);
    expect(result.lengths.packed).toEqual(result.lengths.expected);
    expect(result.leakedTensors).toBe(0);
  });

  it('refuses a row longer than prefillChunk and an empty row, leaving the caches as they were', async () => {
    const caches = [model.createCache(), model.createCache()];
    model.prefillChunk = 4;
    try {
      await expect(model.nextTokenLogitsBatch([1, [1, 2, 3, 4, 5]], caches)).rejects.toThrow(
        'ids[1]: 5 ids is too many for one pass; prefillChunk is 4',
      );
      await expect(model.nextTokenLogitsBatch([[], 1], caches)).rejects.toThrow('expected at least one token id');
      expect(caches.map((cache) => cache.length)).toEqual([0, 0]);
    } finally {
      model.prefillChunk = 512;
      for (const cache of caches) cache.dispose();
    }
  });
});
