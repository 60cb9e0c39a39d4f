import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { layerNorm } from '@fewshot/model';
import { randomValues, seededRandom } from '@fewshot/model/testing';
import { installWasmLayerNorm, wasmLayerNorm } from './wasm-layer-norm.js';

installWasmLayerNorm();

describe('wasmLayerNorm (one fused kernel)', () => {
  const title =
    'equals the tensor-op LayerNorm of @fewshot/model on WASM and on the CPU backend, leaving no tensors behind';
  it(title, async () => {
    const random = seededRandom(5);
    const [rows, width] = [7, 48];
    const x = randomValues(random, rows * width).map((value) => 3 * value + 1);
    const gamma = randomValues(random, width);
    const beta = randomValues(random, width);
    const inputsOn = async (backend: 'wasm' | 'cpu'): Promise<readonly [tf.Tensor, tf.Tensor, tf.Tensor]> => {
      await tf.setBackend(backend);
      return [tf.tensor(x, [1, rows, width]), tf.tensor(gamma, [width]), tf.tensor(beta, [width])];
    };
    const cpuInputs = await inputsOn('cpu');
    const onCpu = layerNorm(...cpuInputs, 1e-5);
    const cpu = Array.from(await onCpu.data());
    tf.dispose([...cpuInputs, onCpu]);
    const inputs = await inputsOn('wasm');
    const before = tf.memory().numTensors;
    const fused = wasmLayerNorm(...inputs, 1e-5);
    const reference = layerNorm(...inputs, 1e-5);
    expect(fused.shape).toEqual([1, rows, width]);
    const [got, expected] = [Array.from(await fused.data()), Array.from(await reference.data())];
    got.forEach((value, i) => {
      expect(value).toBeCloseTo(expected[i] ?? Number.NaN, 5);
      expect(value).toBeCloseTo(cpu[i] ?? Number.NaN, 5);
    });
    tf.dispose([fused, reference]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([...inputs]);
  });
});
