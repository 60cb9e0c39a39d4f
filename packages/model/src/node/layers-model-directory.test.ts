import { createModelConfig } from '@fewshot/config';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GptModel } from '../gpt-model.js';
import { loadLayersModelDirectory, saveLayersModel } from './layers-model-directory.js';

const config = createModelConfig({
  name: 'round-trip',
  vocabSize: 40,
  contextLength: 12,
  dModel: 16,
  nLayer: 2,
  nHead: 2,
  tieEmbeddings: false,
  attention: [
    { type: 'local', window: 4 },
    { type: 'fixed', block: 4, summary: 1 },
  ],
});
const IDS = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3];
let directory: string;

beforeAll(async () => {
  await tf.setBackend('cpu');
  directory = await mkdtemp(join(tmpdir(), 'fewshot-layers-'));
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('the TF.js LayersModel format', () => {
  it('round-trips a model: same config, same weights, same logits', async () => {
    const model = GptModel.create(config, { seed: 11 });
    await saveLayersModel(model, directory);
    const loaded = await loadLayersModelDirectory(directory);
    expect(loaded.config).toEqual(config);
    const before = model.forward(IDS).logits;
    const after = loaded.forward(IDS).logits;
    expect(after.arraySync()).toEqual(before.arraySync());
    tf.dispose([before, after]);
    model.dispose();
    loaded.dispose();
  });

  it('runs the same network through LayersModel.predict as through forward', () => {
    const model = GptModel.create(config, { seed: 12 });
    const ids = tf.tensor2d([IDS], [1, IDS.length], 'int32');
    const predicted = model.layersModel.predict(ids) as tf.Tensor;
    const { logits } = model.forward(IDS);
    const difference = tf.tidy(() => tf.max(tf.abs(tf.sub(tf.squeeze(predicted, [0]), logits))).dataSync()[0]);
    expect(difference).toBeLessThan(1e-5);
    tf.dispose([ids, predicted, logits]);
    model.dispose();
  });
});
