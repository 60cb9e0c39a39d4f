import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { BACKEND_ENV_VAR, selectBackend } from './select-backend.js';
import { randomValues, seededRandom } from '../testing/random.js';
import { runningThreads } from '../backend/running-threads.js';
import { WASM_THREADS_ENV_VAR } from './wasm-threads.js';

// A file of its own: the wasm backend starts once per process, with the threads asked for then.
describe(`selectBackend with ${WASM_THREADS_ENV_VAR}`, () => {
  it('rejects a count that is not one, before anything starts', async () => {
    await expect(selectBackend('wasm', { [WASM_THREADS_ENV_VAR]: '-2' })).rejects.toThrow(
      `${WASM_THREADS_ENV_VAR} = "-2" is invalid: expected an integer from 1 to 8`,
    );
    expect(runningThreads('wasm')).toBeUndefined();
  });

  it('starts wasm on the threads asked for, reports them, and computes as the CPU backend does', async () => {
    const choice = await selectBackend(undefined, { [BACKEND_ENV_VAR]: 'wasm', [WASM_THREADS_ENV_VAR]: '2' });
    expect(choice).toEqual({
      name: 'wasm',
      tfjsBackend: 'wasm',
      reason: `requested by ${BACKEND_ENV_VAR}`,
      threads: 2,
    });
    expect(runningThreads('wasm')).toBe(2);

    const random = seededRandom(4);
    const a = randomValues(random, 64 * 300);
    const b = randomValues(random, 300 * 500);
    const product = (): Float32Array =>
      tf.tidy(() => tf.matMul(tf.tensor2d(a, [64, 300]), tf.tensor2d(b, [300, 500])).dataSync() as Float32Array);
    const threaded = product();
    await tf.setBackend('cpu');
    const cpu = product();
    let worst = 0;
    for (let i = 0; i < cpu.length; i++) worst = Math.max(worst, Math.abs((threaded[i] ?? Number.NaN) - (cpu[i] ?? 0)));
    expect(worst).toBeLessThan(1e-4);

    await expect(selectBackend('wasm', {})).resolves.toMatchObject({ name: 'wasm', threads: 2 });
  });
});
