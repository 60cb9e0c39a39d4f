import { readFileSync, readdirSync } from 'node:fs';
import { createModelConfig } from '@fewshot/config';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type RawTensor, referenceLogProbs } from '../testing/reference-gpt.js';
import { randomValues, seededRandom } from '../testing/random.js';
import { GptModel } from '../gpt-model.js';
import { runningThreads } from '../backend/running-threads.js';
import { WASM_THREADS_ENV_VAR, startThreadedWasm, startWasmBackend } from './wasm-threads.js';

// `wasm` is tfjs's single-threaded SIMD build, the reference; `wasm-2` its threaded SIMD build on two threads.
const THREADED = 'wasm-2';

/** The parts of the threaded build's Emscripten module checked here. */
interface ThreadedModule {
  readonly HEAPU8: Uint8Array;
  readonly wasmMemory: { readonly buffer: SharedArrayBuffer };
}

function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs((a[i] ?? 0) - (b[i] ?? Number.NaN)));
  return worst;
}

/** Runs `compute` on `backend` and returns its values (the tensor is disposed). */
async function valuesOn(backend: string, compute: () => tf.Tensor): Promise<Float32Array> {
  await tf.setBackend(backend);
  const result = compute();
  const values = Float32Array.from(await result.data());
  result.dispose();
  return values;
}

/** CPU time (user + system, in clock ticks) of each thread of this process, from Linux's /proc. */
function threadTicks(): Map<string, number> {
  return new Map(
    readdirSync('/proc/self/task').map((tid) => {
      const fields = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      return [tid, Number(fields[11]) + Number(fields[12])];
    }),
  );
}

describe('threaded WASM in Node', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    expect(await startThreadedWasm(2, THREADED)).toBe(2);
  });

  it('runs the threaded build on a shared memory next to the single-threaded one', () => {
    expect(runningThreads('wasm')).toBe(1);
    expect(runningThreads(THREADED)).toBe(2);
    const heap = (tf.engine().registry[THREADED] as unknown as { wasm: ThreadedModule }).wasm.HEAPU8;
    expect(heap.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it('gives the products of the single-threaded build, within 1e-5', async () => {
    const random = seededRandom(11);
    for (const [m, k, n] of [
      [1, 768, 3072],
      [7, 33, 65],
      [128, 768, 3072],
    ] as const) {
      const a = randomValues(random, m * k);
      const b = randomValues(random, k * n);
      const product = (): tf.Tensor => tf.matMul(tf.tensor2d(a, [m, k]), tf.tensor2d(b, [k, n]));
      const single = await valuesOn('wasm', () => tf.tidy(product));
      const threaded = await valuesOn(THREADED, () => tf.tidy(product));
      expect(maxDifference(threaded, single)).toBeLessThanOrEqual(1e-5);
    }
  });

  it("runs a product's work on a second thread", async () => {
    await tf.setBackend(THREADED);
    const a = tf.randomNormal([128, 768]);
    const b = tf.randomNormal([768, 3072]);
    const mainThread = String(process.pid);
    const before = threadTicks();
    for (let i = 0; i < 15; i++) tf.matMul(a, b).dispose();
    const after = threadTicks();
    tf.dispose([a, b]);
    const spent = [...after].map(([tid, ticks]) => ({ tid, ticks: ticks - (before.get(tid) ?? 0) }));
    const main = spent.find(({ tid }) => tid === mainThread)?.ticks ?? 0;
    const busiestOther = Math.max(...spent.filter(({ tid }) => tid !== mainThread).map(({ ticks }) => ticks));
    // XNNPACK splits each product evenly over the pool: its thread works about as long as the main one.
    expect(main).toBeGreaterThan(0);
    expect(busiestOther).toBeGreaterThan(0.5 * main);
  });

  it("gives the single-threaded build's GptModel forward pass within 1e-5, and the float64 reference's", async () => {
    const config = createModelConfig({
      name: 'threads',
      vocabSize: 97,
      contextLength: 40,
      dModel: 64,
      nLayer: 2,
      nHead: 4,
      dropout: { embedding: 0, attention: 0, residual: 0 },
    });
    await tf.setBackend('wasm');
    const model = GptModel.create(config, { seed: 5 });
    const random = seededRandom(2);
    const ids = Array.from({ length: config.contextLength }, () => Math.floor(random() * config.vocabSize));
    const single = await valuesOn('wasm', () => model.forward(ids).logits);
    const threaded = await valuesOn(THREADED, () => model.forward(ids).logits);
    expect(maxDifference(threaded, single)).toBeLessThanOrEqual(1e-5);

    const weights = new Map<string, RawTensor>(
      [...model.namedWeights()].map(([name, variable]) => {
        const value = variable.read();
        return [name, { shape: value.shape, data: Float32Array.from(value.dataSync()) }];
      }),
    );
    const expected = referenceLogProbs(weights, config, 'gpt2', ids).flatMap((row) => [...row]);
    const logits = tf.tensor2d(threaded, [ids.length, config.vocabSize]);
    const logProbs = await valuesOn(THREADED, () => tf.logSoftmax(logits));
    logits.dispose();
    expect(maxDifference(logProbs, expected)).toBeLessThan(1e-4);
    model.dispose();
  });

  it(`rejects a ${WASM_THREADS_ENV_VAR} that is not a thread count, naming it and what is allowed`, async () => {
    for (const value of ['0', '9', '1.5', 'two']) {
      await expect(startWasmBackend({ [WASM_THREADS_ENV_VAR]: value })).rejects.toThrow(
        `${WASM_THREADS_ENV_VAR} = ${JSON.stringify(value)} is invalid: expected an integer from 1 to 8`,
      );
    }
    await expect(startThreadedWasm(0, 'wasm-0')).rejects.toThrow(
      'threads = 0 is invalid: expected an integer from 1 to 8',
    );
  });

  it("keeps a started backend's threads and says so when another count is asked for", async () => {
    await expect(startWasmBackend({})).resolves.toBe(1);
    await expect(startWasmBackend({ [WASM_THREADS_ENV_VAR]: '2' })).rejects.toThrow(
      `${WASM_THREADS_ENV_VAR} = 2 cannot apply: the wasm backend already runs on 1 thread(s); ` +
        'it is set before the backend starts',
    );
  });
});
