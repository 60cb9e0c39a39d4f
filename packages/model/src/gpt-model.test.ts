import type { ModelConfig } from '@fewshot/config';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RawTensor, referenceLogProbs } from './testing/reference-gpt.js';
import { mixedPatternConfig } from './testing/mixed-pattern-config.js';
import { seededRandom } from './testing/random.js';
import { TEST_BACKENDS } from './__fixtures__/test-backends.js';
import { GptModel } from './gpt-model.js';

const CONFIG: ModelConfig = mixedPatternConfig(24);

function randomIds(count: number, seed: number): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => Math.floor(random() * CONFIG.vocabSize));
}

function rows(logits: tf.Tensor2D): Float32Array[] {
  const logProbs = tf.tidy(() => tf.logSoftmax(logits));
  const data = Float32Array.from(logProbs.dataSync());
  logProbs.dispose();
  const vocab = CONFIG.vocabSize;
  return Array.from({ length: data.length / vocab }, (_, t) => data.slice(t * vocab, (t + 1) * vocab));
}

function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs((a[i] ?? 0) - (b[i] ?? Number.NaN)));
  return worst;
}

describe.each(TEST_BACKENDS)('GptModel.forward on the %s backend', (backend) => {
  let model: GptModel;

  beforeAll(async () => {
    await tf.setBackend(backend);
    model = GptModel.create(CONFIG, { seed: 7 });
  });

  afterAll(() => {
    model.dispose();
  });

  const referenceTitle =
    'matches a float64 reference forward pass with dense, local, strided (with and without a window) and fixed layers';
  it(referenceTitle, () => {
    const weights = new Map<string, RawTensor>(
      [...model.namedWeights()].map(([name, variable]) => [
        name,
        { shape: variable.read().shape, data: Float32Array.from(variable.read().dataSync()) },
      ]),
    );
    const ids = randomIds(CONFIG.contextLength, 1);
    const expected = referenceLogProbs(weights, CONFIG, 'gpt2', ids);
    const { logits } = model.forward(ids);
    const actual = rows(logits);
    logits.dispose();
    actual.forEach((row, t) => {
      expect(maxDifference(row, expected[t] ?? [])).toBeLessThan(1e-4);
    });
  });

  const chunkedTitle =
    'runs inputs longer than prefillChunk in chunks that match the float64 reference, with or without a cache';
  it(chunkedTitle, async () => {
    const weights = new Map<string, RawTensor>(
      [...model.namedWeights()].map(([name, variable]) => [
        name,
        { shape: variable.read().shape, data: Float32Array.from(variable.read().dataSync()) },
      ]),
    );
    const ids = randomIds(CONFIG.contextLength, 3);
    const expected = referenceLogProbs(weights, CONFIG, 'gpt2', ids);
    const before = tf.memory().numTensors;
    model.prefillChunk = 5;
    try {
      const whole = model.forward(ids);
      const cache = model.createCache();
      const prompt = model.forward(ids.slice(0, 13), cache);
      const rest = model.forward(ids.slice(13), cache);
      [...rows(whole.logits), ...rows(prompt.logits), ...rows(rest.logits)].forEach((row, i) => {
        expect(maxDifference(row, expected[i % CONFIG.contextLength] ?? [])).toBeLessThan(1e-4);
      });
      expect(cache.length).toBe(CONFIG.contextLength);
      tf.dispose([whole.logits, prompt.logits, rest.logits]);
      cache.dispose();
      const next = model.createCache();
      const last = await model.nextTokenLogits(ids.slice(0, 13), next);
      const lastLogits = tf.tensor2d(last, [1, CONFIG.vocabSize]);
      const lastRow = rows(lastLogits)[0] ?? [];
      lastLogits.dispose();
      expect(maxDifference(lastRow, expected[12] ?? [])).toBeLessThan(1e-4);
      expect(next.length).toBe(13);
      next.dispose();
    } finally {
      model.prefillChunk = 512;
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(() => {
      model.prefillChunk = 0;
    }).toThrow('prefillChunk = 0 is invalid: expected an integer >= 1');
  });

  const cachedTitle =
    'gives the same logits decoding with a cache as recomputing, ' +
    'across window and block boundaries up to the context limit';
  it(cachedTitle, () => {
    const ids = randomIds(CONFIG.contextLength, 2);
    const full = model.forward(ids);
    const expected = rows(full.logits);
    full.logits.dispose();

    const cache = model.createCache();
    // A 5-token prompt, a 4-token chunk, then one token at a time to the last position.
    const chunks = [ids.slice(0, 5), ids.slice(5, 9), ...ids.slice(9).map((id) => [id])];
    let position = 0;
    for (const chunk of chunks) {
      const { logits } = model.forward(chunk, cache);
      rows(logits).forEach((row, i) => {
        expect(maxDifference(row, expected[position + i] ?? [])).toBeLessThan(1e-4);
      });
      logits.dispose();
      position += chunk.length;
      expect(cache.length).toBe(position);
    }
    expect(() => model.forward([1], cache)).toThrow(/contextLength is 24 and the cache already holds 24 positions/);
    cache.dispose();
  });

  const nextTokenTitle =
    'gives nextTokenLogits equal to the last row of a full forward ' +
    'pass, prefill then one token at a time, with no leaked tensors';
  it(nextTokenTitle, async () => {
    const ids = randomIds(12, 6);
    const full = model.forward(ids);
    const expected = Float32Array.from(full.logits.dataSync());
    full.logits.dispose();
    const vocab = CONFIG.vocabSize;
    const before = tf.memory().numTensors;
    const cache = model.createCache();
    const prefill = await model.nextTokenLogits(ids.slice(0, 7), cache);
    expect(maxDifference(prefill, expected.subarray(6 * vocab, 7 * vocab))).toBeLessThan(1e-4);
    const fork = model.forkCache(cache);
    for (let t = 7; t < ids.length; t++) {
      const row = await model.nextTokenLogits([ids[t] ?? 0], cache);
      expect(maxDifference(row, expected.subarray(t * vocab, (t + 1) * vocab))).toBeLessThan(1e-4);
    }
    const branched = await model.nextTokenLogits([ids[7] ?? 0], fork);
    expect(maxDifference(branched, expected.subarray(7 * vocab, 8 * vocab))).toBeLessThan(1e-4);
    model.disposeCache(cache);
    model.disposeCache(fork);
    expect(tf.memory().numTensors).toBe(before);
    expect([model.vocabSize, model.contextLength]).toEqual([CONFIG.vocabSize, CONFIG.contextLength]);
  });

  it('decodes sequences of different lengths in one batched step, each row as its own full forward pass', async () => {
    const vocab = CONFIG.vocabSize;
    // Prefilled to 3, 9 and 17 positions, so local, strided and fixed layers see different spans.
    const sequences = [3, 9, 17].map((prefill, i) => ({ prefill, ids: randomIds(prefill + 5, 40 + i) }));
    const expected = sequences.map(({ ids }) => {
      const full = model.forward(ids);
      const data = Float32Array.from(full.logits.dataSync());
      full.logits.dispose();
      return data;
    });
    const before = tf.memory().numTensors;
    const caches = sequences.map(({ prefill, ids }) => {
      const cache = model.createCache();
      tf.dispose(model.forward(ids.slice(0, prefill), cache).logits);
      return cache;
    });
    for (let step = 0; step < 5; step++) {
      // The first sequence decodes step 2 alone, outside the batch: a batch is whichever sequences are decoding now.
      const members = [0, 1, 2].filter((i) => step !== 2 || i !== 0);
      const positions = members.map((i) => (sequences[i]?.prefill ?? 0) + step);
      const rows = await model.nextTokenLogitsBatch(
        members.map((i, m) => sequences[i]?.ids[positions[m] ?? 0] ?? 0),
        members.map((i) => caches[i]!),
      );
      members.forEach((i, m) => {
        const t = positions[m] ?? 0;
        const reference = (expected[i] ?? new Float32Array()).subarray(t * vocab, (t + 1) * vocab);
        expect(maxDifference(rows[m] ?? [], reference)).toBeLessThan(1e-4);
      });
      if (step === 2) tf.dispose(model.forward([sequences[0]!.ids[sequences[0]!.prefill + 2]!], caches[0]!).logits);
    }
    expect(caches.map((cache) => cache.length)).toEqual([8, 14, 22]);
    for (const cache of caches) cache.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses a batch with a cache twice, ids and caches of different counts, or a full context', async () => {
    const cache = model.createCache();
    await expect(model.nextTokenLogitsBatch([1, 2], [cache, cache])).rejects.toThrow('one was passed twice');
    const other = model.createCache();
    const mismatch = 'expected one entry per cache (2 caches), got 1';
    await expect(model.nextTokenLogitsBatch([1], [cache, other])).rejects.toThrow(mismatch);
    other.dispose();
    tf.dispose(model.forward(randomIds(24, 9), cache).logits);
    const full = /contextLength is 24 and the cache already holds 24 positions/;
    await expect(model.nextTokenLogitsBatch([1], [cache])).rejects.toThrow(full);
    cache.dispose();
  });

  it('keeps only window − 1 positions for a local layer', () => {
    const cache = model.createCache();
    tf.dispose(model.forward(randomIds(20, 3), cache).logits);
    expect(cache.layer(0)?.keys.shape[2]).toBe(20);
    expect(cache.layer(1)?.keys.shape[2]).toBe(2);
    expect(cache.layer(1)?.start).toBe(18);
    cache.dispose();
  });

  it('holds nothing but its key and value buffers between steps', () => {
    // The first call makes the model's inference copy of the LM head, which it keeps.
    tf.dispose(model.forward(randomIds(8, 5)).logits);
    const before = tf.memory().numBytes;
    const cache = model.createCache();
    tf.dispose(model.forward(randomIds(12, 6), cache).logits);
    for (let step = 0; step < 3; step++) tf.dispose(model.forward([step], cache).logits);
    const buffers = CONFIG.attention.map((_, layer) => cache.entry(layer).buffers());
    const bufferBytes = buffers.reduce((sum, held) => sum + 4 * ((held?.keys.size ?? 0) + (held?.values.size ?? 0)), 0);
    expect(bufferBytes).toBeGreaterThan(0);
    expect(tf.memory().numBytes - before).toBe(bufferBytes);
    cache.dispose();
    expect(tf.memory().numBytes).toBe(before);
  });

  it('branches a sequence with clone', () => {
    const cache = model.createCache();
    tf.dispose(model.forward([1, 2, 3], cache).logits);
    const branch = cache.clone();
    const a = model.forward([4], cache).logits;
    const b = model.forward([4], branch).logits;
    expect(maxDifference(a.dataSync(), b.dataSync())).toBe(0);
    tf.dispose([a, b]);
    cache.dispose();
    branch.dispose();
  });

  // Native TensorFlow pays a fixed cost per op (~20 ms per call of this tiny model).
  it('leaks no tensors over a thousand calls', { timeout: 120_000 }, () => {
    const ids = randomIds(8, 4);
    // The first call makes the model's inference copy of the LM head, which it keeps.
    tf.dispose(model.forward(ids).logits);
    const before = tf.memory().numTensors;
    // 56 × (1 scoring call + a prompt and 16 decoding steps) = 1008 calls.
    for (let call = 0; call < 56; call++) {
      tf.dispose(model.forward(ids).logits);
      const cache = model.createCache();
      for (let step = 0; step < 17; step++) tf.dispose(model.forward(step === 0 ? ids : [step], cache).logits);
      cache.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects ids outside the vocabulary and empty input, naming the parameter', () => {
    expect(() => model.forward([])).toThrow(/^ids: expected at least one token id/);
    expect(() => model.forward([3, 61])).toThrow('ids[1] = 61 is invalid: expected an integer in [0, 61)');
    expect(() => model.forward([1.5])).toThrow('ids[0] = 1.5 is invalid');
    expect(() => model.forward(randomIds(25, 5))).toThrow(/contextLength is 24/);
  });
});

describe('GptModel.create seeds', () => {
  const weightsOf = (model: GptModel): Float32Array[] =>
    [...model.namedWeights().values()].map((variable) => Float32Array.from(variable.read().dataSync()));

  it('gives the same weights for the same seed, 0 included (TF.js reads a seed of 0 as none)', async () => {
    await tf.setBackend('cpu');
    for (const seed of [0, 1]) {
      const [first, second] = [GptModel.create(CONFIG, { seed }), GptModel.create(CONFIG, { seed })];
      const [a, b] = [weightsOf(first), weightsOf(second)];
      a.forEach((values, i) => {
        expect(maxDifference(values, b[i] ?? new Float32Array())).toBe(0);
      });
      first.dispose();
      second.dispose();
    }
  });

  it('rejects a seed that is not a non-negative integer, naming it', () => {
    expect(() => GptModel.create(CONFIG, { seed: -3 })).toThrow(
      'seed = -3 is invalid: expected a non-negative integer',
    );
    expect(() => GptModel.create(CONFIG, { seed: 1.5 })).toThrow('seed = 1.5 is invalid');
  });
});
