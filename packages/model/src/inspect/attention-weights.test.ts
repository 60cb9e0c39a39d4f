import { rm } from 'node:fs/promises';
import { createModelConfig, fromHuggingFaceConfig } from '@fewshot/config';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type TinySizes,
  huggingFaceConfig,
  huggingFaceTensors,
  writeCheckpointDirectory,
} from '../testing/huggingface-fixture.js';
import { seededRandom } from '../testing/random.js';
import { type RawTensor, referenceLogProbs } from '../testing/reference-gpt.js';
import { loadHuggingFaceModel } from '../node/huggingface-directory.js';
import { GptModel } from '../gpt-model.js';
import { attentionWeights } from './attention-weights.js';

const SIZES: TinySizes = { vocab: 50, positions: 16, d: 16, layers: 2, heads: 2 };
const random = seededRandom(7);
const IDS = Array.from({ length: 12 }, () => Math.floor(random() * SIZES.vocab));
const directories: string[] = [];

/** The float64 reference's probabilities as `[layer][head·n² + i·n + j]`, 0 where never visited (masked). */
function referenceWeights(
  tensors: ReadonlyMap<string, RawTensor>,
  config: Parameters<typeof referenceLogProbs>[1],
  modelType: 'gpt2' | 'gpt_neo',
): Float64Array[] {
  const n = IDS.length;
  const layers = config.attention.map(() => new Float64Array(config.nHead * n * n));
  referenceLogProbs(tensors, config, modelType, IDS, (layer, head, i, j, p) => {
    const weights = layers[layer];
    if (weights !== undefined) weights[head * n * n + i * n + j] = p;
  });
  return layers;
}

function expectMatches(model: GptModel, expected: Float64Array[]): void {
  const layers = attentionWeights(model, IDS);
  expect(layers).toHaveLength(expected.length);
  layers.forEach((layer, index) => {
    expect(layer.pattern).toEqual(model.config.attention[index]);
    expect([layer.heads, layer.length]).toEqual([model.config.nHead, IDS.length]);
    const reference = expected[index] ?? new Float64Array();
    let worst = 0;
    layer.weights.forEach((value, k) => {
      // Masked pairs are exactly 0, not merely small.
      if (reference[k] === 0) expect(value).toBe(0);
      worst = Math.max(worst, Math.abs(value - (reference[k] ?? Number.NaN)));
    });
    expect(worst).toBeLessThan(1e-5);
  });
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

afterAll(async () => {
  await Promise.all(directories.map((directory) => rm(directory, { recursive: true, force: true })));
});

describe('attentionWeights', () => {
  it.each(['gpt2', 'gpt_neo'] as const)(
    'equals the independent float64 reference for a %s checkpoint (dense and local layers)',
    async (modelType) => {
      const json = huggingFaceConfig(modelType, SIZES, 3);
      const tensors = huggingFaceTensors(modelType, SIZES, 11);
      const directory = await writeCheckpointDirectory(json, tensors);
      directories.push(directory);
      const { model } = await loadHuggingFaceModel(directory);
      expectMatches(model, referenceWeights(tensors, fromHuggingFaceConfig(json).config, modelType));
      model.dispose();
    },
  );

  it('equals the reference for strided and fixed layers', () => {
    const config = createModelConfig({
      vocabSize: SIZES.vocab,
      contextLength: 16,
      dModel: 16,
      nLayer: 2,
      nHead: 4,
      attention: [
        { type: 'strided', stride: 3 },
        { type: 'fixed', block: 4, summary: 1 },
      ],
    });
    const model = GptModel.create(config, { seed: 3 });
    const weights = new Map<string, RawTensor>(
      [...model.readWeights()].map(([name, tensor]) => [
        name,
        { shape: tensor.shape, data: Float32Array.from(tensor.data) },
      ]),
    );
    expectMatches(model, referenceWeights(weights, config, 'gpt2'));
    model.dispose();
  });

  it('leaves no tensors behind and checks its input', () => {
    const model = GptModel.create(
      createModelConfig({ vocabSize: 20, contextLength: 8, dModel: 8, nLayer: 1, nHead: 2 }),
      { seed: 1 },
    );
    const before = tf.memory().numTensors;
    const [layer] = attentionWeights(model, [1, 2, 3]);
    expect(tf.memory().numTensors).toBe(before);
    // Row 0 of a causal layer attends only to itself.
    expect(Array.from(layer?.weights.slice(0, 3) ?? [])).toEqual([1, 0, 0]);
    expect(() => attentionWeights(model, [])).toThrow(/at least one token/);
    expect(() => attentionWeights(model, [1, 20])).toThrow('ids[1] = 20 is invalid: expected an integer in [0, 20)');
    expect(() =>
      attentionWeights(
        model,
        Array.from({ length: 9 }, () => 1),
      ),
    ).toThrow(/at most 8/);
    model.dispose();
  });
});
