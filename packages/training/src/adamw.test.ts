import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { AdamW, decaysByDefault } from './adamw.js';

/** PyTorch's AdamW in float64: decay first, then the bias-corrected Adam step. */
function referenceAdamW(
  weights: number[],
  gradients: number[][],
  rates: number[],
  { beta1, beta2, epsilon, weightDecay }: { beta1: number; beta2: number; epsilon: number; weightDecay: number },
): number[] {
  const w = [...weights];
  const m = w.map(() => 0);
  const v = w.map(() => 0);
  gradients.forEach((g, index) => {
    const t = index + 1;
    const lr = rates[index] ?? 0;
    for (let i = 0; i < w.length; i++) {
      const gi = g[i] ?? 0;
      w[i] = (w[i] ?? 0) * (1 - lr * weightDecay);
      m[i] = beta1 * (m[i] ?? 0) + (1 - beta1) * gi;
      v[i] = beta2 * (v[i] ?? 0) + (1 - beta2) * gi * gi;
      const mHat = (m[i] ?? 0) / (1 - beta1 ** t);
      const vHat = (v[i] ?? 0) / (1 - beta2 ** t);
      w[i] = (w[i] ?? 0) - (lr * mHat) / (Math.sqrt(vHat) + epsilon);
    }
  });
  return w;
}

const GPT3 = { beta1: 0.9, beta2: 0.95, epsilon: 1e-8, weightDecay: 0.1 };

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('AdamW', () => {
  it('matches a float64 reference over several steps, decaying only the weights marked to decay', () => {
    const matrixStart = [0.5, -1.2, 2.0, 0.03];
    const biasStart = [0.7, -0.4];
    const matrixGradients = [
      [0.1, -0.2, 0.3, 0.0],
      [1.5, 0.5, -0.25, 2.0],
      [-0.3, 0.01, 0.2, -1.0],
    ];
    const biasGradients = [
      [0.05, -0.5],
      [0.2, 0.2],
      [-1.0, 0.1],
    ];
    const rates = [1e-2, 5e-2, 2e-2];
    const matrix = tf.variable(tf.tensor2d(matrixStart, [2, 2]));
    const bias = tf.variable(tf.tensor1d(biasStart));
    const optimizer = new AdamW(
      [
        { name: 'h.0.mlp.c_fc.weight', variable: matrix, decays: true },
        { name: 'h.0.mlp.c_fc.bias', variable: bias, decays: false },
      ],
      GPT3,
    );
    rates.forEach((rate, step) => {
      const gradients = new Map<string, tf.Tensor>([
        ['h.0.mlp.c_fc.weight', tf.tensor2d(matrixGradients[step] ?? [], [2, 2])],
        ['h.0.mlp.c_fc.bias', tf.tensor1d(biasGradients[step] ?? [])],
      ]);
      optimizer.apply(gradients, rate);
      tf.dispose([...gradients.values()]);
    });
    const expectedMatrix = referenceAdamW(matrixStart, matrixGradients, rates, GPT3);
    const expectedBias = referenceAdamW(biasStart, biasGradients, rates, { ...GPT3, weightDecay: 0 });
    Array.from(matrix.dataSync()).forEach((value, i) => {
      expect(value).toBeCloseTo(expectedMatrix[i] ?? Number.NaN, 6);
    });
    Array.from(bias.dataSync()).forEach((value, i) => {
      expect(value).toBeCloseTo(expectedBias[i] ?? Number.NaN, 6);
    });
    // The decay made a measurable difference on the matrix (so the test can tell the two apart).
    const undecayed = referenceAdamW(matrixStart, matrixGradients, rates, { ...GPT3, weightDecay: 0 });
    expect(Math.abs((undecayed[2] ?? 0) - (expectedMatrix[2] ?? 0))).toBeGreaterThan(1e-4);
    expect(optimizer.step).toBe(3);
    optimizer.dispose();
  });

  it('continues identically from saved state', () => {
    const make = (): { variable: tf.Variable; optimizer: AdamW } => {
      const variable = tf.variable(tf.tensor2d([1, 2, 3, 4], [2, 2]));
      return { variable, optimizer: new AdamW([{ name: 'w', variable, decays: true }], GPT3) };
    };
    const step = (optimizer: AdamW, values: number[], rate: number): void => {
      const gradient = tf.tensor2d(values, [2, 2]);
      optimizer.apply(new Map([['w', gradient]]), rate);
      gradient.dispose();
    };
    const whole = make();
    const first = make();
    step(whole.optimizer, [1, -1, 0.5, 2], 0.1);
    step(first.optimizer, [1, -1, 0.5, 2], 0.1);
    const resumed = make();
    resumed.variable.assign(first.variable);
    resumed.optimizer.loadState(first.optimizer.saveState());
    step(whole.optimizer, [-0.5, 0.25, 3, -2], 0.05);
    step(resumed.optimizer, [-0.5, 0.25, 3, -2], 0.05);
    expect(Array.from(resumed.variable.dataSync())).toEqual(Array.from(whole.variable.dataSync()));
    expect(resumed.optimizer.step).toBe(2);
  });

  it('names a missing gradient', () => {
    const variable = tf.variable(tf.tensor1d([1]));
    const optimizer = new AdamW([{ name: 'ln_f.bias', variable, decays: false }], GPT3);
    expect(() => {
      optimizer.apply(new Map(), 0.1);
    }).toThrow('gradients: no gradient for weight "ln_f.bias"');
  });
});

describe('decaysByDefault', () => {
  it('decays matrices, not biases, LayerNorm or embeddings (unless asked)', () => {
    expect(decaysByDefault('h.0.attn.c_attn.weight', [8, 24])).toBe(true);
    expect(decaysByDefault('lm_head.weight', [8, 100])).toBe(true);
    expect(decaysByDefault('h.0.attn.c_attn.bias', [24])).toBe(false);
    expect(decaysByDefault('h.0.ln_1.weight', [8])).toBe(false);
    expect(decaysByDefault('wte.weight', [100, 8])).toBe(false);
    expect(decaysByDefault('wpe.weight', [16, 8])).toBe(false);
    expect(decaysByDefault('wte.weight', [100, 8], true)).toBe(true);
  });
});
