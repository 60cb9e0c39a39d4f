import { join } from 'node:path';
import { readBrownCorpus, splitDocuments } from '@fewshot/data';
import { DECODING_DTYPES, DECODING_TOLERANCES, installKernels, logProbabilityShift } from '@fewshot/kernels';
import type { GptModel } from '@fewshot/model';
import { loadHuggingFaceModel, selectBackend } from '@fewshot/model/node';
import { loadVocabAndMerges } from '@fewshot/tokenizer/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINI_MODEL_DIRECTORY } from './index.js';

let model: GptModel;
let ids: number[];

beforeAll(async () => {
  installKernels();
  await selectBackend('wasm');
  ({ model } = await loadHuggingFaceModel(MINI_MODEL_DIRECTORY));
  const tokenizer = await loadVocabAndMerges(
    join(MINI_MODEL_DIRECTORY, 'vocab.json'),
    join(MINI_MODEL_DIRECTORY, 'merges.txt'),
  );
  // Held-out Brown documents (the split the recipe trained without), as the model reads them.
  const { validation } = splitDocuments(readBrownCorpus(), { seed: 0, validationFraction: 0.05 });
  const text = validation.map((document) => document.text).join('\n');
  ids = Array.from(tokenizer.encodeOrdinary(text)).slice(0, 200);
});

afterAll(() => {
  model.dispose();
});

describe('fewshot-mini decoding from stored weights (quantizeForDecoding of @fewshot/kernels)', () => {
  for (const dtype of DECODING_DTYPES) {
    it(`${dtype}: log-probabilities of held-out text within DECODING_TOLERANCES of float32`, async () => {
      const shift = await logProbabilityShift(model, ids, dtype);
      for (const measure of ['meanShift', 'meanAbsolute', 'max'] as const) {
        expect(shift[measure], measure).toBeLessThanOrEqual(DECODING_TOLERANCES[dtype][measure]);
      }
    }, 120_000);
  }
});
