import { GptModel, fusedOpsFor } from '@fewshot/model';
import { PACKED_PASSES_CONTEXT, comparePackedPasses, mixedPatternConfig } from '@fewshot/model/testing';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installKernels } from './install-kernels.js';

const config = mixedPatternConfig(PACKED_PASSES_CONTEXT);

describe.each(['wasm', 'cpu'] as const)('packed passes with the kernels installed, on %s', (backend) => {
  let model: GptModel;

  beforeAll(async () => {
    installKernels();
    await tf.setBackend(backend);
    model = GptModel.create(config, { seed: 5 });
  });

  afterAll(() => {
    model.dispose();
  });

  it('gives each row of a pass mixing prefill chunks and decoding rows its sequence alone (within 1e-5)', async () => {
    // On WASM the decoding rows take the fused cached-attention kernel and in-place cache writes.
    expect(tf.tidy(() => fusedOpsFor(tf.zeros([1])) !== undefined)).toBe(backend === 'wasm');
    const result = await comparePackedPasses(model);
    expect(result.worstDifference).toBeLessThan(1e-5);
    expect(result.worstAgainstForward).toBeLessThan(1e-4);
    expect(result.lengths.packed).toEqual(result.lengths.expected);
    expect(result.leakedTensors).toBe(0);
  });
});
