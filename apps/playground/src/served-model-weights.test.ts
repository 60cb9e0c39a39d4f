import { decodedLogProbabilities, quantizeForDecoding } from '@fewshot/kernels';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDirectory, writeTinyCheckpoint } from './__fixtures__/test-server.js';
import { loadServedModel } from './served-model.js';

let directory: string;
const ids = Array.from({ length: 24 }, (_, i) => (i * 7919 + 13) % 50257);

beforeAll(async () => {
  directory = await writeTinyCheckpoint();
});

afterAll(async () => {
  await removeDirectory(directory);
});

describe('loadServedModel with weights (--weights)', () => {
  const quantizedTitle =
    'serves the model decoding from its weights stored in 8 or 16 bits, as quantizeForDecoding stores them';
  it(quantizedTitle, async () => {
    for (const weights of ['int8', 'float16'] as const) {
      const { model: reference } = await loadServedModel(directory, { backend: 'wasm' });
      const float32 = await decodedLogProbabilities(reference, ids);
      await quantizeForDecoding(reference, weights);
      const expected = await decodedLogProbabilities(reference, ids);
      reference.dispose();
      const { model } = await loadServedModel(directory, { backend: 'wasm', weights });
      const served = await decodedLogProbabilities(model, ids);
      model.dispose();
      expect(served).toEqual(expected);
      expect(served).not.toEqual(float32);
    }
  });
});
