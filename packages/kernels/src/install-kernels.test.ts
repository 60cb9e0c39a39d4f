import { createModelConfig } from '@fewshot/config';
import { GptModel, fusedOpsFor, tokenLogProbabilities } from '@fewshot/model';
import { seededRandom } from '@fewshot/model/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { installKernels } from './install-kernels.js';

const BACKENDS = ['wasm', 'cpu'] as const;

const config = createModelConfig({
  name: 'kernels-equivalence',
  vocabSize: 61,
  contextLength: 48,
  dModel: 32,
  nLayer: 4,
  nHead: 4,
  dropout: { embedding: 0, attention: 0, residual: 0 },
  attention: [
    { type: 'dense' },
    { type: 'local', window: 4 },
    { type: 'strided', stride: 3 },
    { type: 'fixed', block: 4, summary: 1 },
  ],
});

/** What the model computes on one backend: every path that fused operations can take. */
interface Outputs {
  /** Logits of a 20-token prompt in one forward pass. */
  readonly prefill: Float32Array;
  /** Logits of six one-token decoding steps after that prompt (the cache appended in place). */
  readonly steps: Float32Array[];
  /** One batched decoding step of three sequences of 5, 9 and 13 tokens. */
  readonly batch: Float32Array[];
  readonly logProbabilities: Float64Array;
}

async function outputsOn(backend: (typeof BACKENDS)[number]): Promise<Outputs> {
  await tf.setBackend(backend);
  const model = GptModel.create(config, { seed: 7 });
  const random = seededRandom(3);
  const ids = Array.from({ length: 32 }, () => Math.floor(random() * config.vocabSize));
  const prompt = ids.slice(0, 20);
  const prefillLogits = model.forward(prompt).logits;
  const prefill = Float32Array.from(await prefillLogits.data());
  prefillLogits.dispose();
  const cache = model.createCache();
  await model.nextTokenLogits(prompt, cache);
  const steps: Float32Array[] = [];
  for (const id of ids.slice(20, 26)) steps.push(Float32Array.from(await model.nextTokenLogits([id], cache)));
  cache.dispose();
  const caches = [5, 9, 13].map(() => model.createCache());
  await Promise.all(caches.map((each, i) => model.nextTokenLogits(ids.slice(0, [5, 9, 13][i]), each)));
  const batch = (await model.nextTokenLogitsBatch([ids[30] ?? 0, ids[31] ?? 0, ids[29] ?? 0], caches)).map((row) =>
    Float32Array.from(row),
  );
  for (const each of caches) each.dispose();
  const logProbabilities = tokenLogProbabilities(model, ids);
  model.dispose();
  return { prefill, steps, batch, logProbabilities };
}

function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs((a[i] ?? 0) - (b[i] ?? Number.NaN)));
  return worst;
}

const without = new Map<string, Outputs>();
const withKernels = new Map<string, Outputs>();
let fusedBefore: unknown;

beforeAll(async () => {
  // Importing the package installed nothing: the model runs on tfjs's own kernels first.
  await tf.setBackend('wasm');
  fusedBefore = fusedOpsFor(tf.zeros([1]));
  for (const backend of BACKENDS) without.set(backend, await outputsOn(backend));
  installKernels();
  installKernels(); // idempotent
  for (const backend of BACKENDS) withKernels.set(backend, await outputsOn(backend));
}, 120_000);

describe('installKernels', () => {
  it('is needed: importing the package installs no fused operation', async () => {
    expect(fusedBefore).toBeUndefined();
    await tf.setBackend('wasm');
    const probe = tf.zeros([1]);
    expect(fusedOpsFor(probe)).toBeDefined();
    await tf.setBackend('cpu');
    expect(fusedOpsFor(probe)).toBeUndefined();
    probe.dispose();
  });

  describe.each(BACKENDS)('on the %s backend', (backend) => {
    it('leaves the logits and log-probabilities of every path within 1e-5 of plain TF.js', () => {
      const plain = without.get(backend);
      const fast = withKernels.get(backend);
      if (plain === undefined || fast === undefined) throw new Error(`no outputs for ${backend}`);
      expect(maxDifference(fast.prefill, plain.prefill)).toBeLessThan(1e-5);
      fast.steps.forEach((step, i) => {
        expect(maxDifference(step, plain.steps[i] ?? [])).toBeLessThan(1e-5);
      });
      fast.batch.forEach((row, i) => {
        expect(maxDifference(row, plain.batch[i] ?? [])).toBeLessThan(1e-5);
      });
      expect(maxDifference(fast.logProbabilities, plain.logProbabilities)).toBeLessThan(1e-5);
    });
  });

  it('computes on WASM what the CPU backend computes without kernels', () => {
    const wasm = withKernels.get('wasm');
    const cpu = without.get('cpu');
    if (wasm === undefined || cpu === undefined) throw new Error('no outputs');
    expect(maxDifference(wasm.prefill, cpu.prefill)).toBeLessThan(1e-4);
    expect(maxDifference(wasm.logProbabilities, cpu.logProbabilities)).toBeLessThan(1e-4);
  });
});
