import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createModelConfig } from '@fewshot/config';
import { DECODING_DTYPES } from '@fewshot/kernels';
import { type DecodingProduct, GptModel, decodingProductFor } from '@fewshot/model';
import { saveHuggingFaceModel, selectBackend } from '@fewshot/model/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from './io.js';
import { loadCliModel } from './load-model.js';

/** Each projection's and the tied LM head's decoding product for `rows` rows (undefined: TF.js matMul). */
function decodingProducts(model: GptModel, rows: number): (DecodingProduct | undefined)[] {
  const named = model.namedWeights();
  const projections = ['attn.c_attn', 'attn.c_proj', 'mlp.c_fc', 'mlp.c_proj'];
  const weights = [
    ...Array.from({ length: model.config.nLayer }, (_, i) => projections.map((p) => `h.${i}.${p}`)).flat(),
    'wte',
  ];
  return weights.map((weight) => {
    const kernel = named.get(`${weight}.weight`)?.read();
    if (kernel === undefined) throw new Error(`the test model has no ${weight}.weight`);
    return decodingProductFor(kernel, named.get(`${weight}.bias`)?.read(), rows);
  });
}

describe('loadCliModel --weights', () => {
  let dir: string;

  beforeAll(async () => {
    await selectBackend('cpu');
    const config = createModelConfig({
      vocabSize: 300,
      contextLength: 32,
      dModel: 16,
      nLayer: 2,
      nHead: 2,
      attention: [{ type: 'dense' }, { type: 'local', window: 4 }],
    });
    const model = GptModel.create(config, { seed: 5 });
    dir = mkdtempSync(join(tmpdir(), 'fewshot-load-model-'));
    await saveHuggingFaceModel(model, dir);
    model.dispose();
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('decodes from a copy stored as the type named, float32 included; without the flag, from the weights', async () => {
    for (const weights of DECODING_DTYPES) {
      const { model } = await loadCliModel({ model: dir, backend: 'cpu', weights });
      // quantizeForDecoding's default: decoding steps of up to 8 rows read the copy, longer prefills do not.
      expect(
        decodingProducts(model, 8).every((product) => product !== undefined),
        weights,
      ).toBe(true);
      expect(
        decodingProducts(model, 9).every((product) => product === undefined),
        weights,
      ).toBe(true);
      model.dispose();
    }
    const { model } = await loadCliModel({ model: dir, backend: 'cpu' });
    expect(decodingProducts(model, 1).every((product) => product === undefined)).toBe(true);
    model.dispose();
  });

  it('sends every product through the copy when the command asks for it (score)', async () => {
    const { model } = await loadCliModel({ model: dir, backend: 'cpu', weights: 'float32' }, undefined, {
      weightRows: Infinity,
    });
    expect(decodingProducts(model, 1000).every((product) => product !== undefined)).toBe(true);
    model.dispose();
  });

  it('refuses a type it cannot store, naming the allowed ones', async () => {
    const loading = loadCliModel({ model: dir, backend: 'cpu', weights: 'bfloat16' });
    await expect(loading).rejects.toThrow(UsageError);
    await expect(loading).rejects.toThrow('--weights bfloat16: expected one of int8, float16, float32');
  });
});
