import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { runningThreads } from '../backend/running-threads.js';
import { selectBackend } from './select-backend.js';
import { WASM_THREADS_ENV_VAR, wasmThreadsSetting } from './wasm-threads.js';

// A file of its own: the wasm backend starts once per process, here without FEWSHOT_WASM_THREADS.
describe(`the wasm backend without ${WASM_THREADS_ENV_VAR}`, () => {
  it('runs on two threads where Node reports four cores or more, else one', async () => {
    const expected = availableParallelism() >= 4 ? 2 : 1;
    await expect(selectBackend('wasm', {})).resolves.toMatchObject({ name: 'wasm', threads: expected });
    expect(runningThreads('wasm')).toBe(expected);
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
