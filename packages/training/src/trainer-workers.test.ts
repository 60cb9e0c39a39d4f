import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installKernels } from '@fewshot/kernels';
import { GptModel } from '@fewshot/model';
import {
  CONFIG,
  CORPUS,
  corpusValidOnlyFor,
  expectClose,
  expectCloseWeights,
  losses,
  options,
  run as runIn,
} from './__fixtures__/worker-runs.js';
import { resolveTrainOptions } from './train-options.js';
import { findLatestCheckpoint, loadTrainingCheckpoint } from './training-checkpoint.js';
import { train } from './trainer.js';

installKernels();

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
const run = (name: string, overrides: Record<string, unknown>, config = CONFIG) => runIn(out, name, overrides, config);

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
    expectCloseWeights(two.weights, one.weights, WEIGHT_TOLERANCE);
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
    const poisoned = corpusValidOnlyFor(0);
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
