import '@tensorflow/tfjs-backend-wasm';
import { seededRandom } from '@fewshot/model/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WasmHeap } from '../wasm-heap.js';
import { type HeapKernels, heapKernels } from './heap-kernel-module.js';

let kernels: HeapKernels;
let wasm: WasmHeap;

beforeAll(async () => {
  await tf.setBackend('wasm');
  wasm = tf.backend() as unknown as WasmHeap;
  kernels = heapKernels(wasm.wasm);
});

/** A float32 tensor on the WASM heap and its byte address. */
function onHeap(values: Float32Array): { tensor: tf.Tensor; address: number; view: () => Float32Array } {
  const tensor = tf.tensor1d(values);
  const view = (): Float32Array => wasm.typedArrayFromHeap(tensor) as Float32Array;
  return { tensor, address: view().byteOffset, view };
}

/**
 * The tanh GELU in float64: Hugging Face's `gelu_new`, 0.5x(1 + tanh(u)), written as x / (1 + e^(−2u))
 * (equal), which does not cancel to 0 for negative x as 1 + tanh(u) does below about −8.
 */
const geluReference = (x: number): number => x / (1 + Math.exp(-2 * Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));

describe('the heap kernels module', () => {
  it('computes the tanh GELU within two float32 ulps of max(1, |x|), for any count of elements', () => {
    const random = seededRandom(1);
    const special = [0, -0, 1e-20, -1e-20, 3, -3, 9, -9, 10.5, -10.5, 40, -40, 1000, -1000];
    for (const n of [1, 3, 4, 7, 1031]) {
      const values = Float32Array.from({ length: n }, (_, i) => special[i] ?? (random() - 0.5) * 24);
      const input = onHeap(values);
      const output = onHeap(new Float32Array(n));
      kernels.gelu(input.address, output.address, n);
      const got = output.view();
      values.forEach((x, i) => {
        const expected = geluReference(x);
        // Two float32 ulps of the input's scale: far left, where the GELU is ~1e-20, float32's
        // rounding of the exponent's argument moves it by a few parts in a million.
        expect(Math.abs((got[i] ?? Number.NaN) - expected)).toBeLessThanOrEqual(2.4e-7 * Math.max(1, Math.abs(x)));
      });
      tf.dispose([input.tensor, output.tensor]);
    }
  });

  it('attends rows over consecutive keys and values with a mask, within 1e-6 of a float64 softmax', () => {
    const random = seededRandom(2);
    for (const [rows, count, size, masked] of [
      [4, 30, 64, [3, 7, 8, 29]],
      [2, 1, 64, []],
      [3, 5, 6, [0, 4]],
      [1, 9, 3, []],
    ] as const) {
      const capacity = count + 3;
      const begin = 2;
      const q = Float32Array.from({ length: rows * size }, () => random() - 0.5);
      const keys = Float32Array.from({ length: rows * capacity * size }, () => (random() - 0.5) * 6);
      const values = Float32Array.from({ length: rows * capacity * size }, () => random() - 0.5);
      const [qHeap, kHeap, vHeap] = [onHeap(q), onHeap(keys), onHeap(values)];
      const out = onHeap(new Float32Array(rows * size));
      const scores = onHeap(new Float32Array(count));
      const maskBytes = new Float32Array(Math.ceil(count / 4));
      masked.forEach((j) => (new Uint8Array(maskBytes.buffer)[j] = 1));
      const mask = onHeap(maskBytes);
      const scale = 0.125;
      const offset = begin * size * 4;
      kernels.attendRows(
        qHeap.address,
        kHeap.address + offset,
        vHeap.address + offset,
        out.address,
        rows,
        capacity * size * 4,
        count,
        size,
        scale,
        scores.address,
        masked.length === 0 ? 0 : mask.address,
      );
      const got = out.view();
      for (let r = 0; r < rows; r++) {
        const hidden: readonly number[] = masked;
        const visible = Array.from({ length: count }, (_, j) => j).filter((j) => !hidden.includes(j));
        const key = (j: number, t: number): number => keys[(r * capacity + begin + j) * size + t] ?? 0;
        const query = q.slice(r * size, (r + 1) * size);
        const logits = visible.map((j) => scale * query.reduce((s, x, t) => s + x * key(j, t), 0));
        const top = Math.max(...logits);
        const weights = logits.map((l) => Math.exp(l - top));
        const total = weights.reduce((a, b) => a + b, 0);
        for (let t = 0; t < size; t++) {
          const expected = visible.reduce(
            (s, j, m) => s + ((weights[m] ?? 0) / total) * (values[(r * capacity + begin + j) * size + t] ?? 0),
            0,
          );
          expect(Math.abs((got[r * size + t] ?? Number.NaN) - expected)).toBeLessThan(1e-6);
        }
      }
      tf.dispose([qHeap.tensor, kHeap.tensor, vHeap.tensor, out.tensor, scores.tensor, mask.tensor]);
    }
  });

  it('normalises rows of any width within 2e-6 of a float64 LayerNorm', () => {
    const random = seededRandom(3);
    for (const [rows, width] of [
      [3, 7],
      [2, 48],
      [1, 257],
    ] as const) {
      const x = Float32Array.from({ length: rows * width }, () => (random() - 0.3) * 10);
      const gamma = Float32Array.from({ length: width }, () => random() * 2);
      const beta = Float32Array.from({ length: width }, () => random() - 0.5);
      const [input, gain, shift] = [onHeap(x), onHeap(gamma), onHeap(beta)];
      const out = onHeap(new Float32Array(rows * width));
      kernels.layerNorm(input.address, gain.address, shift.address, out.address, rows, width, 1e-5);
      const got = out.view();
      for (let r = 0; r < rows; r++) {
        const row = Array.from(x.subarray(r * width, (r + 1) * width));
        const mean = row.reduce((a, b) => a + b, 0) / width;
        const variance = row.reduce((a, b) => a + (b - mean) ** 2, 0) / width;
        row.forEach((value, t) => {
          const expected = ((value - mean) / Math.sqrt(variance + 1e-5)) * (gamma[t] ?? 0) + (beta[t] ?? 0);
          expect(Math.abs((got[r * width + t] ?? Number.NaN) - expected)).toBeLessThan(2e-6);
        });
      }
      tf.dispose([input.tensor, gain.tensor, shift.tensor, out.tensor]);
    }
  });
});
