import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { BACKEND_ENV_VAR, selectBackend } from './select-backend.js';
import { WASM_THREADS_ENV_VAR } from './wasm-threads.js';

describe('selectBackend', () => {
  it('activates a backend named by option and reports it', async () => {
    await expect(selectBackend('cpu', {})).resolves.toEqual({
      name: 'cpu',
      tfjsBackend: 'cpu',
      reason: 'requested by option',
      threads: 1,
    });
    expect(tf.getBackend()).toBe('cpu');
  });

  it(`reads ${BACKEND_ENV_VAR} when no option is given`, async () => {
    // One thread, as in every test process but the one that checks the default.
    const env = { [BACKEND_ENV_VAR]: 'wasm', [WASM_THREADS_ENV_VAR]: '1' };
    await expect(selectBackend(undefined, env)).resolves.toMatchObject({
      name: 'wasm',
      tfjsBackend: 'wasm',
      reason: `requested by ${BACKEND_ENV_VAR}`,
    });
  });

  it('picks tensorflow when a native package loads, else wasm, and says why', async () => {
    const choice = await selectBackend(undefined, {});
    expect(choice.tfjsBackend).toBe(tf.getBackend());
    if (choice.name === 'wasm')
      expect(choice.reason).toMatch(
        /^auto: neither @tensorflow\/tfjs-node-gpu nor @tensorflow\/tfjs-node is installed$/,
      );
    else expect(choice).toMatchObject({ name: 'tensorflow', reason: expect.stringMatching(/^auto: /) as unknown });
  });

  it('uses tensorflow only when asked and available, and says what to install otherwise', async () => {
    const outcome = await selectBackend('tensorflow', {}).then(
      (choice) => choice.name,
      (error: unknown) => (error as Error).message,
    );
    const missing =
      'backend "tensorflow" needs @tensorflow/tfjs-node-gpu or @tensorflow/tfjs-node, ' +
      'and neither can be loaded; install one, or use wasm';
    expect(outcome).toMatch(new RegExp(`^(tensorflow|${missing})$`));
  });

  it("switches TensorFlow's oneDNN kernels off unless the environment sets them", async () => {
    const before = process.env.TF_ENABLE_ONEDNN_OPTS;
    delete process.env.TF_ENABLE_ONEDNN_OPTS;
    await selectBackend(undefined, {});
    expect(process.env.TF_ENABLE_ONEDNN_OPTS).toBe('0');
    process.env.TF_ENABLE_ONEDNN_OPTS = '1';
    await selectBackend(undefined, {});
    expect(process.env.TF_ENABLE_ONEDNN_OPTS).toBe('1');
    if (before === undefined) delete process.env.TF_ENABLE_ONEDNN_OPTS;
    else process.env.TF_ENABLE_ONEDNN_OPTS = before;
  });

  it("switches TensorFlow's oneDNN kernels on for training unless the environment sets them", async () => {
    const before = process.env.TF_ENABLE_ONEDNN_OPTS;
    delete process.env.TF_ENABLE_ONEDNN_OPTS;
    await selectBackend(undefined, {}, { workload: 'training' });
    expect(process.env.TF_ENABLE_ONEDNN_OPTS).toBe('1');
    process.env.TF_ENABLE_ONEDNN_OPTS = '0';
    await selectBackend(undefined, {}, { workload: 'training' });
    expect(process.env.TF_ENABLE_ONEDNN_OPTS).toBe('0');
    if (before === undefined) delete process.env.TF_ENABLE_ONEDNN_OPTS;
    else process.env.TF_ENABLE_ONEDNN_OPTS = before;
  });

  it('rejects unknown names, naming where they came from', async () => {
    await expect(selectBackend(undefined, { [BACKEND_ENV_VAR]: 'gpu' })).rejects.toThrow(
      `${BACKEND_ENV_VAR} = "gpu" is invalid: expected one of auto, tensorflow, wasm, cpu`,
    );
    await expect(selectBackend('webgl' as 'cpu', {})).rejects.toThrow('backend = "webgl" is invalid');
  });
});
