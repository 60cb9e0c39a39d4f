import { createModelConfig, fromHuggingFaceConfig } from '@fewshot/config';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type TinySizes,
  huggingFaceConfig,
  huggingFaceTensors,
  withPrefix,
  writeCheckpointDirectory,
} from '../testing/huggingface-fixture.js';
import { seededRandom } from '../testing/random.js';
import { referenceLogProbs } from '../testing/reference-gpt.js';
import { GptModel } from '../gpt-model.js';
import { CheckpointError } from '../checkpoint/checkpoint-error.js';
import { loadHuggingFaceModel, readHuggingFaceConfig, saveHuggingFaceModel } from './huggingface-directory.js';
import { readSafetensors } from '../checkpoint/safetensors-reader.js';
import { writeSafetensors } from '../checkpoint/safetensors-writer.js';
import type { TensorData } from '../checkpoint/tensor-data.js';

const SIZES: TinySizes = { vocab: 50, positions: 16, d: 16, layers: 2, heads: 2 };
const WINDOW = 3;
const directories: string[] = [];

async function checkpoint(config: Record<string, unknown>, tensors: ReadonlyMap<string, TensorData>): Promise<string> {
  const directory = await writeCheckpointDirectory(config, tensors);
  directories.push(directory);
  return directory;
}

function logProbRows(model: GptModel, ids: number[]): Float32Array[] {
  const { logits } = model.forward(ids);
  const data = tf.tidy(() => tf.logSoftmax(logits).dataSync());
  logits.dispose();
  return ids.map((_, t) => Float32Array.from(data.slice(t * SIZES.vocab, (t + 1) * SIZES.vocab)));
}

function worstDifference(actual: Float32Array[], expected: Float64Array[]): number {
  let worst = 0;
  actual.forEach((row, t) => {
    row.forEach((value, v) => (worst = Math.max(worst, Math.abs(value - (expected[t]?.[v] ?? Number.NaN)))));
  });
  return worst;
}

/** Greedy continuation with the cache, one token per step. */
function greedy(model: GptModel, prompt: number[], steps: number): number[] {
  const cache = model.createCache();
  const ids = [...prompt];
  let next = prompt;
  for (let step = 0; step < steps; step++) {
    const { logits } = model.forward(next, cache);
    const last = tf.tidy(() => tf.argMax(tf.slice(logits, [next.length - 1, 0], [1, -1]), -1).dataSync()[0] ?? -1);
    logits.dispose();
    ids.push(last);
    next = [last];
  }
  cache.dispose();
  return ids;
}

function referenceGreedy(
  tensors: ReadonlyMap<string, TensorData>,
  json: Record<string, unknown>,
  prompt: number[],
  steps: number,
): number[] {
  const { config, modelType } = fromHuggingFaceConfig(json);
  const ids = [...prompt];
  for (let step = 0; step < steps; step++) {
    const last = referenceLogProbs(tensors, config, modelType, ids).at(-1) ?? new Float64Array();
    ids.push(last.indexOf(Math.max(...last)));
  }
  return ids;
}

const random = seededRandom(99);
const IDS = Array.from({ length: SIZES.positions }, () => Math.floor(random() * SIZES.vocab));

beforeAll(async () => {
  await tf.setBackend('cpu');
});

afterAll(async () => {
  await Promise.all(directories.map((directory) => rm(directory, { recursive: true, force: true })));
});

describe.each(['gpt2', 'gpt_neo'] as const)('a %s checkpoint in the Hugging Face layout', (modelType) => {
  const tensors = huggingFaceTensors(modelType, SIZES, modelType === 'gpt2' ? 1 : 2);
  const json = huggingFaceConfig(modelType, SIZES, WINDOW);
  const { config } = fromHuggingFaceConfig(json);

  it('gives the per-token log-probabilities and greedy continuation of an independent float64 reference', async () => {
    const loaded = await loadHuggingFaceModel(await checkpoint(json, withPrefix(tensors, 'transformer.')));
    expect(loaded.modelType).toBe(modelType);
    expect(
      worstDifference(logProbRows(loaded.model, IDS), referenceLogProbs(tensors, config, modelType, IDS)),
    ).toBeLessThan(1e-4);
    const prompt = IDS.slice(0, 4);
    expect(greedy(loaded.model, prompt, 8)).toEqual(referenceGreedy(tensors, json, prompt, 8));
    loaded.model.dispose();
  });

  it('loads the same weights from shards listed in model.safetensors.index.json', async () => {
    const directory = await checkpoint(json, new Map());
    await rm(join(directory, 'model.safetensors'));
    const prefixed = withPrefix(tensors, 'transformer.');
    const names = [...prefixed.keys()];
    const shards = [names.slice(0, 7), names.slice(7)];
    const weightMap: Record<string, string> = {};
    await Promise.all(
      shards.map(async (shard, i) => {
        const file = `model-0000${i + 1}-of-00002.safetensors`;
        for (const name of shard) weightMap[name] = file;
        const part = new Map([...prefixed].filter(([name]) => shard.includes(name)));
        await writeFile(join(directory, file), writeSafetensors(part, file));
      }),
    );
    await writeFile(
      join(directory, 'model.safetensors.index.json'),
      JSON.stringify({ metadata: {}, weight_map: weightMap }),
    );
    const loaded = await loadHuggingFaceModel(directory);
    expect(
      worstDifference(logProbRows(loaded.model, IDS), referenceLogProbs(tensors, config, modelType, IDS)),
    ).toBeLessThan(1e-4);
    loaded.model.dispose();
  });

  it('saves to the same layout: names, shapes and values read back unchanged, logits identical', async () => {
    const loaded = await loadHuggingFaceModel(await checkpoint(json, tensors));
    const target = await checkpoint({}, new Map());
    await saveHuggingFaceModel(loaded.model, target, { base: loaded.huggingFaceConfig });
    const saved = readSafetensors(await readFile(join(target, 'model.safetensors')), 'saved');
    expect([...saved.tensors.keys()].sort()).toEqual([...withPrefix(tensors, 'transformer.').keys()].sort());
    for (const [name, tensor] of tensors) {
      expect(saved.tensors.get(`transformer.${name}`)?.data).toEqual(tensor.data);
    }
    expect(JSON.parse(await readFile(join(target, 'config.json'), 'utf8'))).toMatchObject(json);
    expect((await readdir(target)).filter((file) => file.endsWith('.tmp'))).toEqual([]);
    loaded.model.dispose();
  });
});

describe('saveHuggingFaceModel', () => {
  it('keeps a config Hugging Face cannot express (strided and fixed layers) as model_type fewshot', async () => {
    const config = createModelConfig({
      name: 'sparse',
      vocabSize: 30,
      contextLength: 12,
      dModel: 8,
      nLayer: 2,
      nHead: 2,
      attention: [
        { type: 'strided', stride: 3 },
        { type: 'fixed', block: 4, summary: 1 },
      ],
    });
    const model = GptModel.create(config, { seed: 3 });
    const directory = await checkpoint({}, new Map());
    await saveHuggingFaceModel(model, directory);
    const loaded = await loadHuggingFaceModel(directory);
    expect(loaded.modelType).toBe('fewshot');
    expect(loaded.model.config).toEqual(config);
    // The config alone, without the weights: the same as the model's.
    const read = await readHuggingFaceConfig(directory);
    expect(read.config).toEqual(config);
    expect(read.modelType).toBe('fewshot');
    expect(read.huggingFaceConfig).toEqual(loaded.huggingFaceConfig);
    const ids = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const [a, b] = [model, loaded.model].map((m) => m.forward(ids).logits);
    expect(a?.arraySync()).toEqual(b?.arraySync());
    tf.dispose([a, b]);
    model.dispose();
    loaded.model.dispose();
  });
});

describe('loadHuggingFaceModel', () => {
  const tensors = huggingFaceTensors('gpt2', SIZES, 3);
  const json = huggingFaceConfig('gpt2', SIZES, WINDOW);

  it('accepts GPT-2 names without the transformer. prefix and skips the attention mask buffers', async () => {
    const withBuffers = new Map(tensors);
    for (let i = 0; i < SIZES.layers; i++) {
      withBuffers.set(`h.${i}.attn.bias`, { shape: [1, 1, 4, 4], data: new Float32Array(16).fill(1) });
      withBuffers.set(`h.${i}.attn.masked_bias`, { shape: [], data: new Float32Array([-1e4]) });
    }
    const loaded = await loadHuggingFaceModel(await checkpoint(json, withBuffers));
    loaded.model.dispose();
  });

  it('lists missing and unexpected tensors by name', async () => {
    const broken = new Map(tensors);
    broken.delete('h.1.mlp.c_fc.bias');
    broken.set('h.1.mlp.extra', { shape: [1], data: new Float32Array(1) });
    const directory = await checkpoint(json, broken);
    await expect(loadHuggingFaceModel(directory)).rejects.toThrow(
      /missing tensors: h\.1\.mlp\.c_fc\.bias; unexpected tensors: h\.1\.mlp\.extra/,
    );
  });

  it('names the file and tensor of a wrong shape', async () => {
    const broken = new Map(tensors);
    broken.set('h.0.attn.c_proj.weight', {
      shape: [SIZES.d, SIZES.d + 1],
      data: new Float32Array(SIZES.d * (SIZES.d + 1)),
    });
    const directory = await checkpoint(json, broken);
    await expect(loadHuggingFaceModel(directory)).rejects.toThrow(
      `${join(directory, 'model.safetensors')}: tensor "h.0.attn.c_proj.weight": has shape [16,17], expected [16,16]`,
    );
  });

  it('rejects a truncated file without creating a model', async () => {
    const directory = await checkpoint(json, tensors);
    const path = join(directory, 'model.safetensors');
    const bytes = await readFile(path);
    await writeFile(path, bytes.subarray(0, bytes.length - 10));
    const before = tf.memory().numTensors;
    await expect(loadHuggingFaceModel(directory)).rejects.toThrow(CheckpointError);
    await expect(loadHuggingFaceModel(directory)).rejects.toThrow(/truncated\?/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('names config.json when it is invalid', async () => {
    const directory = await checkpoint({ ...json, n_head: 5 }, tensors);
    await expect(loadHuggingFaceModel(directory)).rejects.toThrow(
      `${join(directory, 'config.json')}: n_head = 5 is invalid`,
    );
  });
});
