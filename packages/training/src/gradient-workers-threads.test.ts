import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { installKernels } from '@fewshot/kernels';
import { GptModel, runningThreads } from '@fewshot/model';
import { WASM_THREADS_ENV_VAR, startThreadedWasm } from '@fewshot/model/node';
import {
  CONFIG,
  corpusValidOnlyFor,
  expectClose,
  expectCloseWeights,
  losses,
  options,
  run as runIn,
} from './__fixtures__/worker-runs.js';
import { train } from './trainer.js';

installKernels();

// A file of its own: this thread's wasm backend runs two threads, as `selectBackend` starts it by
// default on two cores; the Vitest environment sets FEWSHOT_WASM_THREADS=1.
const asked = process.env[WASM_THREADS_ENV_VAR];
let out: string;
beforeAll(async () => {
  expect(await startThreadedWasm(2)).toBe(2);
  out = await mkdtemp(join(tmpdir(), 'fewshot-worker-threads-'));
});
afterEach(() => {
  process.env[WASM_THREADS_ENV_VAR] = asked ?? ''; // empty is unset
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});
const run = (name: string, overrides: Record<string, unknown>) => runIn(out, name, overrides);

// The threaded build's forward pass differs from the single-threaded one in the last bits (up to
// 3e-7 in the logits); four AdamW steps carry that into the losses and weights.
const TOLERANCE = 1e-5;

describe(`workers while this thread's wasm runs two threads`, () => {
  it(`with ${WASM_THREADS_ENV_VAR}=1, computes every share on single-threaded worker replicas`, async () => {
    expect(process.env[WASM_THREADS_ENV_VAR]).toBe('1');
    expect(runningThreads('wasm')).toBe(2);
    // Only the second micro-batch of step 1 is valid: the first is a worker's, not this thread's.
    const model = GptModel.create(CONFIG, { seed: 1 });
    try {
      await expect(
        train({ model, options: options({ workers: 2 }), train: corpusValidOnlyFor(1), out: join(out, 'poisoned') }),
      ).rejects.toThrow(/^training worker 1 of 2 failed at step 1: .*index value 99 is not in \[0, 23\]/);
    } finally {
      model.dispose();
    }
    const one = await run('one-replica', { workers: 1 });
    const two = await run('two-workers', { workers: 2 });
    expectClose(losses(two.result), losses(one.result), TOLERANCE);
    expectCloseWeights(two.weights, one.weights, TOLERANCE);
  }, 180_000);

  it(`with ${WASM_THREADS_ENV_VAR}=2, is a replica itself beside workers on two threads, bit for bit`, async () => {
    process.env[WASM_THREADS_ENV_VAR] = '2';
    const model = GptModel.create(CONFIG, { seed: 1 });
    try {
      await expect(
        train({ model, options: options({ workers: 2 }), train: corpusValidOnlyFor(0), out: join(out, 'poisoned-2') }),
      ).rejects.toThrow(/^training worker 2 of 2 failed at step 1: .*index value 99 is not in \[0, 23\]/);
    } finally {
      model.dispose();
    }
    // Equal bits: the worker ran the threaded build, whose rounding differs from the single-threaded one's.
    const one = await run('one-replica-2', { workers: 1 });
    const two = await run('two-replicas-2', { workers: 2 });
    expect(losses(two.result)).toEqual(losses(one.result));
    expect(two.weights).toEqual(one.weights);
  }, 180_000);
});
