import { createModelConfig } from '@fewshot/config';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GptModel } from '../gpt-model.js';
import { loadHuggingFaceModel, saveHuggingFaceModel } from '../node/huggingface-directory.js';
import { encodeFloat16 } from './safetensors-dtype.js';
import { readSafetensors } from './safetensors-reader.js';
import { writeSafetensors } from './safetensors-writer.js';

/** The IEEE 754 binary16 bit pattern of one value as the writer encodes it. */
function halfBits(value: number): number {
  const bytes = encodeFloat16(Float32Array.of(value));
  return (bytes[0] ?? 0) | ((bytes[1] ?? 0) << 8);
}

describe('float16 encoding', () => {
  it('gives the published bit patterns, rounding to nearest even', () => {
    expect(halfBits(1)).toBe(0x3c00);
    expect(halfBits(-2)).toBe(0xc000);
    expect(halfBits(0.5)).toBe(0x3800);
    expect(halfBits(65504)).toBe(0x7bff); // largest finite half
    expect(halfBits(65520)).toBe(0x7c00); // rounds up to infinity
    expect(halfBits(2 ** -14)).toBe(0x0400); // smallest normal
    expect(halfBits(2 ** -24)).toBe(0x0001); // smallest subnormal
    expect(halfBits(2 ** -26)).toBe(0x0000); // underflows to zero
    expect(halfBits(-0)).toBe(0x8000);
    expect(halfBits(Infinity)).toBe(0x7c00);
    expect(halfBits(Number.NaN) & 0x7c00).toBe(0x7c00);
    expect(halfBits(Number.NaN) & 0x03ff).not.toBe(0);
    // 1 + 2^-11 is halfway between 1 and 1 + 2^-10: ties go to the even mantissa (1).
    expect(halfBits(1 + 2 ** -11)).toBe(0x3c00);
    // 1 + 3·2^-11 is halfway between 1 + 2^-10 and 1 + 2^-9: even is 1 + 2^-9.
    expect(halfBits(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(halfBits(0.1)).toBe(0x2e66);
  });

  it('reads back through the safetensors reader within half precision', () => {
    const values = Float32Array.from([0.1, -3.14159, 1e-3, 1234.5, 6e-6, 0]);
    const bytes = writeSafetensors(new Map([['w', { shape: [2, 3], data: values }]]), 'x', undefined, 'float16');
    const { tensors } = readSafetensors(bytes, 'x');
    const read = tensors.get('w');
    expect(read?.shape).toEqual([2, 3]);
    values.forEach((value, i) => {
      const tolerance = Math.abs(value) < 6.1e-5 ? 2 ** -25 : Math.abs(value) * 2 ** -11;
      expect(Math.abs((read?.data[i] ?? Number.NaN) - value)).toBeLessThanOrEqual(tolerance);
    });
    expect(bytes.byteLength).toBeLessThan(
      writeSafetensors(new Map([['w', { shape: [2, 3], data: values }]]), 'x').byteLength,
    );
  });

  it('saves a model as F16 that loads back with nearly the same logits', async () => {
    await tf.setBackend('cpu');
    const directory = await mkdtemp(join(tmpdir(), 'fewshot-f16-'));
    const config = createModelConfig({ name: 'f16', vocabSize: 30, contextLength: 8, dModel: 16, nLayer: 1, nHead: 2 });
    const model = GptModel.create(config, { seed: 4 });
    await saveHuggingFaceModel(model, directory, { dtype: 'float16' });
    const { tensors } = readSafetensors(await readFile(join(directory, 'model.safetensors')), 'saved');
    expect([...tensors.values()].length).toBeGreaterThan(0);
    const header = (await readFile(join(directory, 'model.safetensors'))).subarray(8, 400).toString();
    expect(header).toContain('"dtype":"F16"');
    expect(header).not.toContain('"dtype":"F32"');
    const { model: loaded } = await loadHuggingFaceModel(directory);
    const ids = [1, 5, 9, 2];
    const [before, after] = [model, loaded].map((m) => {
      const { logits } = m.forward(ids);
      const data = logits.dataSync();
      logits.dispose();
      return data;
    });
    before?.forEach((value, i) => {
      expect(Math.abs(value - (after?.[i] ?? Number.NaN))).toBeLessThan(1e-2);
    });
    model.dispose();
    loaded.dispose();
    await rm(directory, { recursive: true, force: true });
  });
});
