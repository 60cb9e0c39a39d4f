import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { installKernels } from '@fewshot/kernels';
import { AdamW } from './adamw.js';

installKernels();

/**
 * Three AdamW steps on `backend` (tensor ops on cpu, the fused in-place kernel on wasm): weights and moments after
 * each.
 */
async function run(backend: string): Promise<{ weights: number[][]; moments: number[][] }> {
  await tf.setBackend(backend);
  const matrix = tf.variable(
    tf.tensor2d([
      [0.5, -1.2, 2.0],
      [0.03, 7, -0.25],
    ]),
    true,
    'matrix',
  );
  const bias = tf.variable(tf.tensor1d([0.1, -0.3, 0.2]), true, 'bias');
  const optimizer = new AdamW(
    [
      { name: 'matrix', variable: matrix, decays: true },
      { name: 'bias', variable: bias, decays: false },
    ],
    { beta1: 0.9, beta2: 0.95, epsilon: 1e-8, weightDecay: 0.1 },
  );
  const weights: number[][] = [];
  const moments: number[][] = [];
  const steps = [
    [0.3, -0.1, 0.02, 1.5, -2, 1e-4],
    [-0.7, 0.2, 0.9, 0.01, 3, -1e-3],
    [0.05, 0.05, -0.4, 0.6, -0.2, 2],
  ];
  steps.forEach((g, step) => {
    const gradients = new Map<string, tf.Tensor>([
      ['matrix', tf.tensor2d(g, [2, 3])],
      ['bias', tf.tensor1d(g.slice(0, 3).map((x) => -x))],
    ]);
    optimizer.apply(gradients, 6e-4 * (step + 1));
    tf.dispose([...gradients.values()]);
    weights.push([...matrix.dataSync(), ...bias.dataSync()]);
    const state = optimizer.saveState();
    moments.push(
      ['matrix', 'bias'].flatMap((name) => [
        ...state.firstMoments.get(name)!.data,
        ...state.secondMoments.get(name)!.data,
      ]),
    );
  });
  optimizer.dispose();
  tf.dispose([matrix, bias]);
  return { weights, moments };
}

describe('AdamW on WASM with @fewshot/kernels (moments updated in place by one kernel)', () => {
  it('gives the weights and moments of the tensor-op update on the CPU backend, bit for bit', async () => {
    const cpu = await run('cpu');
    const wasm = await run('wasm');
    expect(wasm.weights).toEqual(cpu.weights);
    expect(wasm.moments).toEqual(cpu.moments);
  });

  it('allocates only the updated weight: the moments stay where they are', async () => {
    await tf.setBackend('wasm');
    const weight = tf.variable(tf.zeros([64, 64]));
    const optimizer = new AdamW([{ name: 'w', variable: weight, decays: true }], {
      beta1: 0.9,
      beta2: 0.95,
      epsilon: 1e-8,
      weightDecay: 0.1,
    });
    const gradient = tf.ones([64, 64]);
    optimizer.apply(new Map([['w', gradient]]), 1e-3);
    const { numBytes, numDataBuffers } = tf.memory();
    const profile = await tf.profile(() => {
      optimizer.apply(new Map([['w', gradient]]), 1e-3);
    });
    // One new weight of 64 × 64 floats at once (the tensor ops held four more); the assignment frees the old one.
    expect(profile.peakBytes - numBytes).toBe(4 * 64 * 64);
    expect(tf.memory().numBytes).toBe(numBytes);
    expect(tf.memory().numDataBuffers).toBe(numDataBuffers);
    optimizer.dispose();
    tf.dispose([weight, gradient]);
  });
});
