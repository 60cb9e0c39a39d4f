import { createModelConfig, getPreset } from '@fewshot/config';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { installKernels, wasmMemoryUsage } from '@fewshot/kernels';
import { GptModel } from '@fewshot/model';
import { AdamW, decaysByDefault } from './adamw.js';
import { clipByGlobalNorm } from './gradient-clipping.js';
import { batchGradients, trainableVariables } from './gradients.js';
import { TokenWindows } from './token-windows.js';

installKernels();

// GPT-3 Small with 2 of its 12 layers: its width, its 2,048 positions and its tied 147 MiB
// embedding (the LM head), so that one prefill and one step take seconds, not minutes.
const preset = getPreset('gpt3-small');
const CONFIG = createModelConfig({
  ...preset,
  name: 'gpt3-small, 2 layers',
  nLayer: 2,
  attention: preset.attention.slice(0, 2),
  dropout: { embedding: 0, attention: 0, residual: 0 },
});
const STREAM = Int32Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % CONFIG.vocabSize);

/**
 * One step as `train` takes it (gradients, clipping, AdamW) on a fresh model: its loss and a weight after the update.
 */
function trainingStep(): { loss: number; weight: Float32Array } {
  const model = GptModel.create(CONFIG, { seed: 11 });
  const variables = trainableVariables(model);
  const optimizer = new AdamW(
    [...variables].map(([name, variable]) => ({ name, variable, decays: decaysByDefault(name, variable.shape) })),
    { beta1: 0.9, beta2: 0.95, epsilon: 1e-8, weightDecay: 0.1 },
  );
  try {
    const { loss, gradients } = batchGradients(model, variables, [new TokenWindows(STREAM, 128, 3).next(1)]);
    const clipped = clipByGlobalNorm(gradients, 1);
    optimizer.apply(clipped.gradients, 6e-4);
    tf.dispose([...clipped.gradients.values()]);
    return { loss, weight: variables.get('h.1.mlp.c_fc.weight')!.dataSync() as Float32Array };
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}

beforeAll(async () => {
  await tf.setBackend('wasm');
});

describe('a large inference, then a training step, in one process', () => {
  // About 30 s of one core; the timeout leaves room for a machine shared with other test runs.
  it('gives back every byte of the inference, and the step that follows is the step of a fresh process', {
    timeout: 300_000,
  }, () => {
    const baseline = wasmMemoryUsage()!.inUseBytes;
    const fresh = trainingStep();
    // Random weights (σ 0.02) against normalised hidden states give logits of spread s = 0.02·√768 ≈ 0.55:
    // a loss of about ln(vocabulary) + s²/2 = 10.83 + 0.15.
    expect(fresh.loss - Math.log(CONFIG.vocabSize)).toBeGreaterThan(0);
    expect(fresh.loss - Math.log(CONFIG.vocabSize)).toBeLessThan(0.3);
    expect(wasmMemoryUsage()!.inUseBytes).toBe(baseline);

    // A 768-token forward pass (chunks of 512 and 256 through a temporary KV cache), logits for every position.
    const model = GptModel.create(CONFIG, { seed: 12 });
    const { logits } = model.forward(Array.from(STREAM.subarray(0, 768)));
    expect(logits.shape).toEqual([768, CONFIG.vocabSize]);
    logits.dispose();
    model.dispose();
    // The tied embedding (applied twice in the model) was the 147 MiB that outlived a disposed model.
    expect(wasmMemoryUsage()!.inUseBytes).toBe(baseline);

    const after = trainingStep();
    expect(after.loss).toBe(fresh.loss);
    expect(after.weight).toEqual(fresh.weight);
    expect(wasmMemoryUsage()!.inUseBytes).toBe(baseline);
  });
});
