import { createModelConfig, getPreset } from '@fewshot/config';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { GptModel } from '@fewshot/model';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchGradients, trainableVariables } from './gradients.js';
import { growDepth } from './grow-depth.js';
import { TokenWindows } from './token-windows.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const CONFIG = createModelConfig({
  name: 'grow',
  vocabSize: 50,
  contextLength: 16,
  dModel: 16,
  nLayer: 2,
  nHead: 2,
  dropout: { embedding: 0, attention: 0, residual: 0 },
  attention: [{ type: 'dense' }, { type: 'local', window: 4 }],
});
const IDS = Array.from({ length: 16 }, (_, i) => (i * 7 + 3) % 50);

/** Every position's logits of `ids` (no cache). */
function logitsOf(model: GptModel, ids: readonly number[]): Float32Array {
  const { logits } = model.forward(ids);
  const values = logits.dataSync() as Float32Array;
  logits.dispose();
  return values;
}

describe('growDepth', () => {
  it('computes exactly the logits of the model it grew from, with longer context and other patterns too', () => {
    const model = GptModel.create(CONFIG, { seed: 3 });
    const expected = logitsOf(model, IDS);
    for (const options of [
      { layers: 4, seed: 1 },
      { layers: 3, seed: 2, contextLength: 40, attention: [{ type: 'local', window: 8 } as const] },
    ]) {
      const grown = growDepth(model, options);
      expect(grown.config.nLayer).toBe(options.layers);
      expect(grown.config.contextLength).toBe(options.contextLength ?? CONFIG.contextLength);
      // Adding exact zeros to the residual stream: the same floats, not merely close ones.
      expect(logitsOf(grown, IDS)).toEqual(expected);
      grown.dispose();
    }
    model.dispose();
  });

  it('repeats the model’s own patterns by default and keeps every weight it had', () => {
    const model = GptModel.create(CONFIG, { seed: 4 });
    const grown = growDepth(model, { layers: 5, seed: 1 });
    expect(grown.config.attention).toEqual([...CONFIG.attention, ...CONFIG.attention, CONFIG.attention[0]]);
    const before = model.readWeights();
    const after = grown.readWeights();
    for (const [name, value] of before) expect(after.get(name), name).toEqual(value);
    for (const name of ['h.2.attn.c_proj.weight', 'h.4.mlp.c_proj.bias']) {
      expect(
        Array.from(after.get(name)!.data).every((value) => value === 0),
        name,
      ).toBe(true);
    }
    // The added blocks' other weights are drawn, not zero: they are the model's initialiser's.
    expect(Array.from(after.get('h.2.mlp.c_fc.weight')!.data).some((value) => value !== 0)).toBe(true);
    grown.dispose();
    model.dispose();
  });

  it('trains: the loss gives every added output projection a gradient', () => {
    const model = GptModel.create(CONFIG, { seed: 5 });
    const grown = growDepth(model, { layers: 4, seed: 6 });
    const stream = Int32Array.from({ length: 200 }, (_, i) => (i * 13 + (i >> 2)) % 50);
    const batch = new TokenWindows(stream, 16, 1).next(2);
    const { gradients } = batchGradients(grown, trainableVariables(grown), [batch]);
    for (const layer of [2, 3]) {
      for (const name of [`h.${layer}.attn.c_proj.weight`, `h.${layer}.mlp.c_proj.weight`]) {
        const largest = tf.tidy(() => tf.max(tf.abs(gradients.get(name)!)).dataSync()[0] ?? 0);
        expect(largest, name).toBeGreaterThan(0);
      }
    }
    tf.dispose([...gradients.values()]);
    grown.dispose();
    model.dispose();
  });

  it('refuses a post-LayerNorm model, too few layers, a wrong pattern count or a shorter context, naming each', () => {
    const model = GptModel.create(CONFIG, { seed: 7 });
    expect(() => growDepth(model, { layers: 2, seed: 1 })).toThrow(
      "layers = 2 is invalid: expected an integer above the model's 2",
    );
    expect(() => growDepth(model, { layers: 4, seed: 1, attention: [{ type: 'dense' }] })).toThrow(
      'attention has 1 patterns: expected one per added layer (2)',
    );
    expect(() => growDepth(model, { layers: 3, seed: 1, contextLength: 8 })).toThrow(
      "contextLength = 8 is invalid: expected an integer of at least the model's 16",
    );
    model.dispose();
    const gpt1 = createModelConfig({
      ...getPreset('gpt1'),
      vocabSize: 50,
      contextLength: 16,
      dModel: 16,
      nHead: 2,
      dFf: 64,
      nLayer: 1,
      attention: [{ type: 'dense' }],
    });
    const postNorm = GptModel.create(gpt1, { seed: 8 });
    expect(() => growDepth(postNorm, { layers: 2, seed: 1 })).toThrow(
      'layerNormPosition = "post" is invalid for growDepth',
    );
    postNorm.dispose();
  });
});
