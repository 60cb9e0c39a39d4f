import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { randomValues, seededRandom } from '../testing/random.js';
import { runningThreads } from '../backend/running-threads.js';
import { selectBackend } from './select-backend.js';
import { WASM_THREADS_ENV_VAR, startWasm, wasmThreadsSetting } from './wasm-threads.js';

/** The part of a started WASM backend's Emscripten module checked here. */
interface WasmHeap {
  readonly wasm: { readonly HEAPU8: Uint8Array };
}

// A file of its own: the wasm backend starts once per process, here without FEWSHOT_WASM_THREADS.
describe(`the wasm backend without ${WASM_THREADS_ENV_VAR}`, () => {
  it('runs on two threads where Node reports four cores or more, else one', async () => {
    const expected = availableParallelism() >= 4 ? 2 : 1;
    await expect(selectBackend('wasm', {})).resolves.toMatchObject({ name: 'wasm', threads: expected });
    expect(runningThreads('wasm')).toBe(expected);
  });

  it("starts tfjs's single-threaded build beside it, computing the same products within 1e-5", async () => {
    await selectBackend('wasm', {});
    await expect(startWasm(1, 'wasm-single')).resolves.toBe(1);
    const heap = (tf.engine().registry['wasm-single'] as unknown as WasmHeap).wasm.HEAPU8;
    expect(heap.buffer).not.toBeInstanceOf(SharedArrayBuffer);
    await expect(startWasm(1, 'wasm-single')).rejects.toThrow(
      'backend "wasm-single" has already started; threads are set before it starts',
    );

    const random = seededRandom(8);
    const a = randomValues(random, 128 * 768);
    const b = randomValues(random, 768 * 300);
    const productOn = async (backend: string): Promise<Float32Array> => {
      await tf.setBackend(backend);
      return tf.tidy(
        () => tf.matMul(tf.tensor2d(a, [128, 768]), tf.tensor2d(b, [768, 300])).dataSync() as Float32Array,
      );
    };
    const single = await productOn('wasm-single');
    const started = await productOn('wasm');
    let worst = 0;
    for (let i = 0; i < single.length; i++) worst = Math.max(worst, Math.abs((single[i] ?? 0) - (started[i] ?? NaN)));
    expect(worst).toBeLessThanOrEqual(1e-5);
  });

  it(`reads ${WASM_THREADS_ENV_VAR}: unset or empty is undefined, anything but 1 to 8 an error naming it`, () => {
    expect(wasmThreadsSetting({})).toBeUndefined();
    expect(wasmThreadsSetting({ [WASM_THREADS_ENV_VAR]: '' })).toBeUndefined();
    expect(wasmThreadsSetting({ [WASM_THREADS_ENV_VAR]: '3' })).toBe(3);
    expect(() => wasmThreadsSetting({ [WASM_THREADS_ENV_VAR]: '2.0' })).toThrow(
      `${WASM_THREADS_ENV_VAR} = "2.0" is invalid: expected an integer from 1 to 8`,
    );
  });
});
