import { createModelConfig } from '@fewshot/config';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '@fewshot/common';
import { installKernels } from '@fewshot/kernels';
import { GptModel } from '@fewshot/model';
import { loadHuggingFaceModel } from '@fewshot/model/node';
import { packDocuments } from './token-windows.js';
import { resolveTrainOptions } from './train-options.js';
import { findLatestCheckpoint, loadTrainingCheckpoint } from './training-checkpoint.js';
import { train } from './trainer.js';

installKernels();

const CONFIG = createModelConfig({
  name: 'tiny-trainer',
  vocabSize: 24,
  contextLength: 16,
  dModel: 16,
  nLayer: 2,
  nHead: 2,
  attention: [{ type: 'dense' }, { type: 'local', window: 4 }],
});

/** A repetitive corpus: documents that count 1..k, separated by token 0. */
const CORPUS = packDocuments(
  Array.from({ length: 40 }, (_, i) => Array.from({ length: 6 + (i % 5) }, (_, j) => 1 + j)),
  0,
);

let out: string;
beforeAll(async () => {
  await tf.setBackend('wasm');
  out = await mkdtemp(join(tmpdir(), 'fewshot-trainer-'));
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

function options(overrides: Record<string, unknown> = {}) {
  return resolveTrainOptions(
    {
      steps: 12,
      batchSize: 4,
      seqLen: 8,
      learningRate: 1e-2,
      warmupSteps: 2,
      evalEvery: 6,
      evalBatches: 2,
      checkpointEvery: 4,
      seed: 7,
      ...overrides,
    },
    CONFIG.contextLength,
  );
}

describe('train', () => {
  it('lowers the loss on a repetitive corpus and writes a loadable checkpoint', async () => {
    const model = GptModel.create(CONFIG, { seed: 1 });
    const dir = join(out, 'decrease');
    const result = await train({
      model,
      options: options({ steps: 30 }),
      train: CORPUS,
      valid: { tokens: CORPUS },
      out: dir,
    });
    const losses = result.curve.steps.map((record) => record.loss);
    expect(losses).toHaveLength(30);
    expect(Math.min(...losses.slice(-5))).toBeLessThan(0.6 * (losses[0] ?? 0));
    expect(result.curve.evaluations.map((record) => record.step)).toEqual([6, 12, 18, 24, 30]);
    const latest = await findLatestCheckpoint(dir);
    expect(latest).toMatch(/checkpoint-00000030$/);
    const { model: loaded } = await loadHuggingFaceModel(join(dir, 'latest'));
    expect(loaded.readWeights().get('h.0.mlp.c_fc.weight')?.data).toEqual(
      model.readWeights().get('h.0.mlp.c_fc.weight')?.data,
    );
    loaded.dispose();
    model.dispose();
  });

  it('gives the same loss curve for the same seed, and a resumed run continues it exactly', async () => {
    const whole = GptModel.create(CONFIG, { seed: 2 });
    const uninterrupted = await train({ model: whole, options: options(), train: CORPUS, out: join(out, 'whole') });
    whole.dispose();

    const first = GptModel.create(CONFIG, { seed: 2 });
    const partial = await train({
      model: first,
      options: options({ maxMinutes: 1e-9 }),
      train: CORPUS,
      out: join(out, 'resumed'),
    });
    first.dispose();
    expect(partial.stoppedBy).toBe('max-minutes');
    expect(partial.step).toBe(1);
    // Continue in steps of a few, as separate processes would.
    let step = partial.step;
    let resumedLosses: number[] = [];
    while (step < 12) {
      const latest = await findLatestCheckpoint(join(out, 'resumed'));
      const checkpoint = await loadTrainingCheckpoint(latest ?? '');
      const limited = step === 1 ? options({ maxMinutes: 1e-9 }) : options();
      const result = await train({
        model: checkpoint.model,
        options: limited,
        train: CORPUS,
        out: join(out, 'resumed'),
        resume: checkpoint,
      });
      checkpoint.model.dispose();
      step = result.step;
      resumedLosses = result.curve.steps.map((record) => record.loss);
    }
    // Three processes (1 step, 1 step, the rest) give exactly the uninterrupted curve.
    expect(resumedLosses).toHaveLength(12);
    expect(resumedLosses).toEqual(uninterrupted.curve.steps.map((record) => record.loss));
  });

  const stopAtStepTitle =
    'stops at stopAtStep with a checkpoint, and a resumed run (the stop step saved with it) finishes the same curve';
  it(stopAtStepTitle, async () => {
    const whole = GptModel.create(CONFIG, { seed: 4 });
    const uninterrupted = await train({ model: whole, options: options(), train: CORPUS, out: join(out, 'whole-4') });
    whole.dispose();

    const dir = join(out, 'stop-at-step');
    const first = GptModel.create(CONFIG, { seed: 4 });
    const stopped = await train({ model: first, options: options({ stopAtStep: 5 }), train: CORPUS, out: dir });
    first.dispose();
    expect(stopped.stoppedBy).toBe('stop-at-step');
    expect(stopped.step).toBe(5);
    expect(await findLatestCheckpoint(dir)).toMatch(/checkpoint-00000005$/);

    const checkpoint = await loadTrainingCheckpoint((await findLatestCheckpoint(dir)) ?? '');
    const saved = resolveTrainOptions(checkpoint.trainer.options as Record<string, unknown>, CONFIG.contextLength);
    expect(saved.stopAtStep).toBe(5);
    const rest = await train({ model: checkpoint.model, options: saved, train: CORPUS, out: dir, resume: checkpoint });
    checkpoint.model.dispose();
    expect(rest.stoppedBy).toBeUndefined();
    expect(rest.curve.steps.map((record) => record.loss)).toEqual(
      uninterrupted.curve.steps.map((record) => record.loss),
    );
  });

  const killedRunTitle =
    'clears what a killed run left behind, and a finished run resumed with no step left keeps its checkpoint';
  it(killedRunTitle, async () => {
    const dir = join(out, 'stale');
    await mkdir(join(dir, '.checkpoint-00000003.4242.abcd1234.tmp'), { recursive: true });
    await mkdir(join(dir, '.checkpoint-00000002.0badf00d.deleted'), { recursive: true });
    const model = GptModel.create(CONFIG, { seed: 3 });
    const first = await train({ model, options: options({ steps: 2, checkpointEvery: 0 }), train: CORPUS, out: dir });
    model.dispose();
    expect((await readdir(dir)).sort()).toEqual([
      'checkpoint-00000002',
      'latest',
      'loss-curve.csv',
      'loss-curve.json',
      'loss-curve.svg',
    ]);
    const checkpoint = await loadTrainingCheckpoint(first.checkpoint);
    const again = await train({
      model: checkpoint.model,
      options: options({ steps: 2 }),
      train: CORPUS,
      out: dir,
      resume: checkpoint,
    });
    checkpoint.model.dispose();
    expect(again.checkpoint).toBe(first.checkpoint);
    expect(again.step).toBe(2);
  });

  it('resumes with another seqLen and batch size at the same share of the epoch', async () => {
    const dir = join(out, 'reshape');
    const model = GptModel.create(CONFIG, { seed: 4 });
    await train({ model, options: options({ steps: 3, checkpointEvery: 0 }), train: CORPUS, out: dir });
    model.dispose();
    const checkpoint = await loadTrainingCheckpoint((await findLatestCheckpoint(dir)) ?? '');
    // 3 steps × 4 windows of 8 tokens = 12 windows of 8 → 6 windows of 16.
    expect(checkpoint.trainer.data).toEqual({ epoch: 0, index: 12 });
    const result = await train({
      model: checkpoint.model,
      options: options({ steps: 5, seqLen: 16, batchSize: 2 }),
      train: CORPUS,
      out: dir,
      resume: checkpoint,
    });
    checkpoint.model.dispose();
    expect(result.step).toBe(5);
    const resumed = await loadTrainingCheckpoint(result.checkpoint);
    expect(resumed.trainer.data).toEqual({ epoch: 0, index: 6 + 2 * 2 });
    resumed.model.dispose();
  });

  it('stops after the current step with a checkpoint when its signal is aborted', async () => {
    const controller = new AbortController();
    const model = GptModel.create(CONFIG, { seed: 6 });
    const result = await train({
      model,
      options: options({ steps: 50 }),
      train: CORPUS,
      valid: { tokens: CORPUS },
      out: join(out, 'aborted'),
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === 'step' && event.record.step === 2) controller.abort();
      },
    });
    model.dispose();
    expect(result.stoppedBy).toBe('signal');
    expect(result.step).toBe(2);
    expect(result.checkpoint).toMatch(/checkpoint-00000002$/);
    expect(result.lastEvaluation?.loss).toBeGreaterThan(0);
  });

  it('resumes a checkpoint of the older trainer (one-number rngState) and rejects a malformed rngState', async () => {
    const dir = join(out, 'legacy-rng');
    const model = GptModel.create(CONFIG, { seed: 8 });
    const first = await train({
      model,
      options: options({ steps: 2, checkpointEvery: 0, accumulate: 2 }),
      train: CORPUS,
      out: dir,
    });
    model.dispose();
    const statePath = join(first.checkpoint, 'trainer-state.json');
    const state = JSON.parse(await readFile(statePath, 'utf8')) as Record<string, unknown>;
    // 2 steps × 2 micro-batches: four dropout seeds drawn from the run's stream.
    const fresh = createRandom(7, 'dropout seeds');
    for (let i = 0; i < 4; i++) fresh.uint32();
    expect(state.rngState).toEqual(fresh.state());

    await writeFile(statePath, JSON.stringify({ ...state, rngState: 2_863_311_530 }));
    const legacy = await loadTrainingCheckpoint(first.checkpoint);
    const result = await train({
      model: legacy.model,
      options: options({ steps: 3, checkpointEvery: 0, accumulate: 2 }),
      train: CORPUS,
      out: dir,
      resume: legacy,
    });
    legacy.model.dispose();
    expect(result.step).toBe(3);
    // The old number seeds a new stream, which the resumed step drew two seeds from.
    const seeded = createRandom(2_863_311_530, 'dropout seeds');
    seeded.uint32();
    seeded.uint32();
    const resumed = await loadTrainingCheckpoint(result.checkpoint);
    resumed.model.dispose();
    expect(resumed.trainer.rngState).toEqual(seeded.state());

    const resumedPath = join(result.checkpoint, 'trainer-state.json');
    for (const bad of [[1, 2, 3], [1, 2, 3, -4], 'abc', 1.5, null]) {
      await writeFile(resumedPath, JSON.stringify({ ...resumed.trainer, rngState: bad }));
      await expect(loadTrainingCheckpoint(result.checkpoint)).rejects.toThrow(
        `rngState = ${JSON.stringify(bad)} is invalid: expected four unsigned 32-bit integers [a, b, c, counter]`,
      );
    }
  });
});
