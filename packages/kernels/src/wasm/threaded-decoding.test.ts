import { GptModel } from '@fewshot/model';
import { startThreadedWasm } from '@fewshot/model/node';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodingTestIds, smallDecodingConfig } from '../__fixtures__/small-decoding-model.js';
import { installKernels } from '../install-kernels.js';
import { decodedLogProbabilities } from '../weight-quantization/log-probability-shift.js';
import { quantizeForDecoding } from '../weight-quantization/quantize-for-decoding.js';
import { sharedBackendMemory, lentHelper } from './lent-helper.js';

const CONFIG = smallDecodingConfig('threaded decoding test model');
const IDS = decodingTestIds(CONFIG);

describe('decoding on the threaded WASM build with a two-thread store', () => {
  beforeAll(async () => {
    installKernels();
    // The threaded build as the backend named `wasm`, where the fused operations run.
    expect(await startThreadedWasm(2)).toBe(2);
  });

  it("lends the store's helper thread to the cached attention; results equal one thread's bit for bit", async () => {
    const memory = sharedBackendMemory();
    if (memory === undefined) throw new Error('the threaded build should run on a shared memory');
    expect(tf.getBackend()).toBe('wasm');
    const model = GptModel.create(CONFIG, { seed: 5 });
    const weights = await quantizeForDecoding(model, 'float32', { threads: 2 });
    expect(lentHelper(memory)).toBeDefined();
    const split = await decodedLogProbabilities(model, IDS);
    weights.useThreads(1);
    expect(lentHelper(memory)).toBeUndefined();
    expect(await decodedLogProbabilities(model, IDS)).toEqual(split);
    weights.useThreads(2);
    weights.dispose();
    expect(lentHelper(memory)).toBeUndefined();
    model.dispose();
  });
});
