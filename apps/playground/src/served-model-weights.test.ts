import { DECODING_DTYPES, decodedLogProbabilities, quantizeForDecoding } from '@fewshot/kernels';
import { type GptModel, decodingProductFor } from '@fewshot/model';
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

/** Whether a decoding step's MLP input projection reads a stored copy rather than the model's weight. */
function decodesFromCopy(model: GptModel): boolean {
  const named = model.namedWeights();
  const kernel = named.get('h.0.mlp.c_fc.weight')?.read();
  if (kernel === undefined) throw new Error('the test model has no h.0.mlp.c_fc.weight');
  return decodingProductFor(kernel, named.get('h.0.mlp.c_fc.bias')?.read(), 1) !== undefined;
}

describe('loadServedModel with weights (--weights)', () => {
  it('serves the model decoding from a copy of its weights stored as quantizeForDecoding stores it', async () => {
    for (const weights of DECODING_DTYPES) {
      const { model: reference } = await loadServedModel(directory, { backend: 'wasm' });
      expect(decodesFromCopy(reference)).toBe(false);
      const float32 = await decodedLogProbabilities(reference, ids);
      await quantizeForDecoding(reference, weights);
      const expected = await decodedLogProbabilities(reference, ids);
      reference.dispose();
      const { model } = await loadServedModel(directory, { backend: 'wasm', weights });
      expect(decodesFromCopy(model), weights).toBe(true);
      const served = await decodedLogProbabilities(model, ids);
      model.dispose();
      expect(served).toEqual(expected);
      // Rounded weights move the log-probabilities; float32 ones only by float32 rounding.
      const largest = Math.max(...served.map((value, i) => Math.abs(value - float32[i]!)));
      if (weights === 'float32') expect(largest).toBeLessThan(1e-4);
      else expect(largest).toBeGreaterThan(0);
    }
  });
});
