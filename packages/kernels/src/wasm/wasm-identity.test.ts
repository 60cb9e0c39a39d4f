import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { installWasmIdentity } from './wasm-identity.js';

installWasmIdentity();

describe('Identity on WASM (shares the buffer)', () => {
  it('clones without a copy, and each clone outlives the original', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    const buffersBefore = tf.memory().numDataBuffers;
    const clone = tf.clone(x);
    expect(tf.memory().numDataBuffers).toBe(buffersBefore);
    x.dispose();
    expect(Array.from(await clone.data())).toEqual([1, 2, 3, 4]);
    clone.dispose();
    expect(tf.memory().numDataBuffers).toBe(buffersBefore - 1);
  });

  it('keeps a clone of a variable at the old value when the variable is assigned', async () => {
    await tf.setBackend('wasm');
    const variable = tf.variable(tf.tensor1d([1, 2, 3]));
    const saved = tf.clone(variable);
    variable.assign(tf.tensor1d([7, 8, 9]));
    expect(Array.from(await saved.data())).toEqual([1, 2, 3]);
    expect(Array.from(await variable.data())).toEqual([7, 8, 9]);
    saved.dispose();
    variable.dispose();
  });
});
