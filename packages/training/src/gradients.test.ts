import { createModelConfig } from '@fewshot/config';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { installKernels } from '@fewshot/kernels';
import { GptModel } from '@fewshot/model';
import { batchGradients, trainableVariables } from './gradients.js';
import { TokenWindows } from './token-windows.js';

installKernels();

beforeAll(async () => {
  await tf.setBackend('wasm');
});

describe('batchGradients', () => {
  it('accumulating 2 micro-batches of b equals one batch of 2b, through dense and local (blockwise) attention', () => {
    const config = createModelConfig({
      name: 'accumulate',
      vocabSize: 40,
      contextLength: 32,
      dModel: 16,
      nLayer: 2,
      nHead: 2,
      dropout: { embedding: 0, attention: 0, residual: 0 },
      attention: [{ type: 'dense' }, { type: 'local', window: 4 }],
    });
    const model = GptModel.create(config, { seed: 5 });
    const variables = trainableVariables(model);
    const stream = Int32Array.from({ length: 400 }, (_, i) => (i * 17 + (i >> 3)) % 40);
    const whole = new TokenWindows(stream, 16, 1).next(4);
    const micro = new TokenWindows(stream, 16, 1);
    const split = [micro.next(2), micro.next(2)];
    const one = batchGradients(model, variables, [whole]);
    const two = batchGradients(model, variables, split);
    expect(two.loss).toBeCloseTo(one.loss, 5);
    expect(one.gradients.size).toBe(variables.size);
    for (const [name, gradient] of one.gradients) {
      const accumulated = two.gradients.get(name);
      expect(accumulated?.shape).toEqual(gradient.shape);
      const difference = tf.tidy(
        () => tf.max(tf.abs(tf.sub(gradient, accumulated ?? gradient))).dataSync()[0] ?? Number.NaN,
      );
      const scale = tf.tidy(() => tf.max(tf.abs(gradient)).dataSync()[0] ?? 0);
      // Every weight gets a gradient (the local layer's blockwise path included), and they agree.
      expect(scale, name).toBeGreaterThan(0);
      expect(difference, name).toBeLessThan(1e-4 * Math.max(1, scale));
    }
    tf.dispose([...one.gradients.values(), ...two.gradients.values()]);
    model.dispose();
  });
});
