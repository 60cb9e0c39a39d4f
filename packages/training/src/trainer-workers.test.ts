import { createModelConfig } from '@fewshot/config';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installKernels } from '@fewshot/kernels';
import { GptModel } from '@fewshot/model';
import { TokenWindows, packDocuments } from './token-windows.js';
import { resolveTrainOptions } from './train-options.js';
import { findLatestCheckpoint, loadTrainingCheckpoint } from './training-checkpoint.js';
import { type TrainResult, train } from './trainer.js';

installKernels();

// Dropout on everywhere: two workers must draw the masks one worker draws, micro-batch by micro-batch.
const CONFIG = createModelConfig({
  name: 'tiny-workers',
  vocabSize: 24,
  contextLength: 16,
  dModel: 16,
  nLayer: 2,
  nHead: 2,
  dropout: { embedding: 0.1, attention: 0.1, residual: 0.1 },
  attention: [{ type: 'dense' }, { type: 'local', window: 4 }],
});

/** A repetitive corpus: documents that count 1..k, separated by token 0. */
const CORPUS = packDocuments(
  Array.from({ length: 40 }, (_, i) => Array.from({ length: 6 + (i % 5) }, (_, j) => 1 + j)),
  0,
);

// With one micro-batch per worker, the worker computes its micro-batch's gradient with the same
// kernels on the same weights as one thread would, and the two are added in the same order: the
// numbers are identical. With two per worker, the four gradients are added as (a + b) + (c + d)
// instead of ((a + b) + c) + d: losses agree to 1e-6 (relative), weights to 1e-5 (absolute; AdamW
// divides by √v, so a gradient element near zero turns a rounding difference into up to a few
// hundredths of the learning rate of 1e-2).
const LOSS_TOLERANCE = 1e-6;
const WEIGHT_TOLERANCE = 1e-5;

let out: string;
beforeAll(async () => {
  await tf.setBackend('wasm');
  out = await mkdtemp(join(tmpdir(), 'fewshot-workers-'));
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

function options(overrides: Record<string, unknown> = {}) {
  const schedule = { steps: 4, learningRate: 1e-2, warmupSteps: 1, evalEvery: 0, checkpointEvery: 0 };
  return resolveTrainOptions(
    { ...schedule, batchSize: 2, accumulate: 2, seqLen: 8, seed: 7, ...overrides },
    CONFIG.contextLength,
  );
}

interface Run {
  readonly result: TrainResult;
  readonly weights: Map<string, Float32Array>;
}

/** Trains a fresh model (seed 1); returns the result and the final weights. */
async function run(name: string, overrides: Record<string, unknown>, config = CONFIG): Promise<Run> {
  const model = GptModel.create(config, { seed: 1 });
  try {
    const result = await train({
      model,
      options: options(overrides),
      train: CORPUS,
      valid: { tokens: CORPUS },
      out: join(out, name),
    });
    return { result, weights: new Map([...model.readWeights()].map(([key, value]) => [key, value.data])) };
  } finally {
    model.dispose();
  }
}

function expectClose(actual: readonly number[], expected: readonly number[], tolerance: number): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((value, i) => {
    const reference = expected[i] ?? Number.NaN;
    expect(Math.abs(value - reference), `element ${i}: ${value} vs ${reference}`).toBeLessThanOrEqual(
      tolerance * Math.max(1, Math.abs(reference)),
    );
  });
}

function expectCloseWeights(actual: Map<string, Float32Array>, expected: Map<string, Float32Array>): void {
  expect([...actual.keys()]).toEqual([...expected.keys()]);
  for (const [name, values] of expected) expectClose([...(actual.get(name) ?? [])], [...values], WEIGHT_TOLERANCE);
}

const losses = (result: TrainResult): number[] => result.curve.steps.map((record) => record.loss);

describe('train with workers', () => {
  it('gives the loss curve, evaluation and weights of one worker accumulating the same micro-batches', async () => {
    const one = await run('one-worker', { workers: 1 });
    const two = await run('two-workers', { workers: 2 });
    expect(losses(two.result)).toEqual(losses(one.result));
    expect(two.result.curve.evaluations).toEqual(one.result.curve.evaluations);
    expect(two.weights).toEqual(one.weights);
    // Without dropout the first loss differs by far more than the tolerance: the agreement above
    // is the workers drawing the same masks, not dropout being inert.
    const noDropout = { ...CONFIG, dropout: { embedding: 0, attention: 0, residual: 0 } };
    const plain = await run('one-worker-no-dropout', { workers: 1 }, noDropout);
    expect(Math.abs((losses(plain.result)[0] ?? 0) - (losses(one.result)[0] ?? 0))).toBeGreaterThan(1e-3);
  }, 180_000);

  it('gives the same curve with two micro-batches per worker', async () => {
    const one = await run('one-worker-4', { workers: 1, accumulate: 4 });
    const two = await run('two-workers-4', { workers: 2, accumulate: 4 });
    expectClose(losses(two.result), losses(one.result), LOSS_TOLERANCE);
    expectCloseWeights(two.weights, one.weights);
  }, 180_000);

  it('stops at a step and resumes from the checkpoint with workers, finishing the one-worker curve', async () => {
    const one = await run('one-worker-whole', { workers: 1 });
    const dir = join(out, 'two-workers-resumed');
    const first = GptModel.create(CONFIG, { seed: 1 });
    const stopped = await train({
      model: first,
      options: options({ workers: 2, stopAtStep: 2 }),
      train: CORPUS,
      out: dir,
    });
    first.dispose();
    expect(stopped.step).toBe(2);
    const checkpoint = await loadTrainingCheckpoint((await findLatestCheckpoint(dir)) ?? '');
    const saved = resolveTrainOptions(checkpoint.trainer.options as Record<string, unknown>, CONFIG.contextLength);
    expect(saved.workers).toBe(2);
    const rest = await train({ model: checkpoint.model, options: saved, train: CORPUS, out: dir, resume: checkpoint });
    const weights = new Map([...checkpoint.model.readWeights()].map(([key, value]) => [key, value.data]));
    checkpoint.model.dispose();
    expect(rest.step).toBe(4);
    expect(losses(rest)).toEqual(losses(one.result));
    expect(weights).toEqual(one.weights);
  }, 180_000);

  it("fails the run with the worker's error, naming the worker and the step", async () => {
    // Every token outside the first micro-batch's windows is 99, past the vocabulary of 24: this
    // thread's share of step 1 is valid, the worker's share is not.
    const { batchSize, seqLen, seed } = options();
    const positions = Int32Array.from({ length: CORPUS.length }, (_, i) => i);
    const first = new TokenWindows(positions, seqLen, seed).next(batchSize);
    const poisoned = CORPUS.map(() => 99);
    for (let row = 0; row < batchSize; row++) {
      const start = first.inputs[row * seqLen] ?? 0;
      poisoned.set(CORPUS.subarray(start, start + seqLen + 1), start);
    }
    const model = GptModel.create(CONFIG, { seed: 1 });
    try {
      await expect(
        train({ model, options: options({ workers: 2 }), train: poisoned, out: join(out, 'poisoned') }),
      ).rejects.toThrow(/^training worker 2 of 2 failed at step 1: .*index value 99 is not in \[0, 23\]/);
    } finally {
      model.dispose();
    }
  }, 120_000);

  it('refuses a worker count that does not divide accumulate, naming both', () => {
    expect(() => options({ workers: 2, accumulate: 3 })).toThrow(
      /^workers = 2 is invalid: expected a divisor of accumulate \(3\)/,
    );
  });
});
