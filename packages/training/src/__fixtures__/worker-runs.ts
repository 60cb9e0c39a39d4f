/**
 * What the tests of `workers` share: a small model with dropout on everywhere (two workers must
 * draw the masks one worker draws, micro-batch by micro-batch), a repetitive corpus, the options
 * of a short run, and a corpus on which only one micro-batch of the first step is valid.
 */
import { createModelConfig } from '@fewshot/config';
import { GptModel } from '@fewshot/model';
import { join } from 'node:path';
import { expect } from 'vitest';
import { TokenWindows, packDocuments } from '../token-windows.js';
import { resolveTrainOptions } from '../train-options.js';
import { type TrainResult, train } from '../trainer.js';

export const CONFIG = createModelConfig({
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
export const CORPUS = packDocuments(
  Array.from({ length: 40 }, (_, i) => Array.from({ length: 6 + (i % 5) }, (_, j) => 1 + j)),
  0,
);

/** Four steps of two micro-batches of 2 × 8 tokens, `overrides` on top. */
export function options(overrides: Record<string, unknown> = {}) {
  const schedule = { steps: 4, learningRate: 1e-2, warmupSteps: 1, evalEvery: 0, checkpointEvery: 0 };
  return resolveTrainOptions(
    { ...schedule, batchSize: 2, accumulate: 2, seqLen: 8, seed: 7, ...overrides },
    CONFIG.contextLength,
  );
}

export interface Run {
  readonly result: TrainResult;
  readonly weights: Map<string, Float32Array>;
}

/** Trains a fresh model (seed 1) into `out/name`; returns the result and the final weights. */
export async function run(
  out: string,
  name: string,
  overrides: Record<string, unknown>,
  config = CONFIG,
): Promise<Run> {
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

export const losses = (result: TrainResult): number[] => result.curve.steps.map((record) => record.loss);

/** Expects `actual` within `tolerance` of `expected`, relative to values above 1. */
export function expectClose(actual: readonly number[], expected: readonly number[], tolerance: number): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((value, i) => {
    const reference = expected[i] ?? Number.NaN;
    expect(Math.abs(value - reference), `element ${i}: ${value} vs ${reference}`).toBeLessThanOrEqual(
      tolerance * Math.max(1, Math.abs(reference)),
    );
  });
}

/** {@link expectClose} for every weight, which must have the same names. */
export function expectCloseWeights(
  actual: Map<string, Float32Array>,
  expected: Map<string, Float32Array>,
  tolerance: number,
): void {
  expect([...actual.keys()]).toEqual([...expected.keys()]);
  for (const [name, values] of expected) expectClose([...(actual.get(name) ?? [])], [...values], tolerance);
}

/**
 * {@link CORPUS} with every token outside the windows of micro-batch `valid` (0 or 1) of the
 * first step (with {@link options}) replaced by 99, past the vocabulary of 24: whichever replica
 * computes the other micro-batch fails at step 1.
 */
export function corpusValidOnlyFor(valid: number): Int32Array {
  const { batchSize, seqLen, seed } = options();
  const positions = Int32Array.from({ length: CORPUS.length }, (_, i) => i);
  const windows = new TokenWindows(positions, seqLen, seed);
  let batch = windows.next(batchSize);
  for (let skipped = 0; skipped < valid; skipped++) batch = windows.next(batchSize);
  const poisoned = CORPUS.map(() => 99);
  for (let row = 0; row < batchSize; row++) {
    const start = batch.inputs[row * seqLen] ?? 0;
    poisoned.set(CORPUS.subarray(start, start + seqLen + 1), start);
  }
  return poisoned;
}
