import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createModelConfig } from '@fewshot/config';
import { GptModel } from '@fewshot/model';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TINY_CONFIGS } from './__fixtures__/decoder-check.js';
import { exportOnnx } from './export-onnx.js';

let directory: string;

beforeAll(async () => {
  await tf.setBackend('cpu');
  directory = await mkdtemp(join(tmpdir(), 'fewshot-onnx-export-'));
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('exportOnnx', () => {
  it('writes onnx/decoder_model_merged.onnx and config.json, leaving no temporary files', async () => {
    const model = GptModel.create(createModelConfig(TINY_CONFIGS.gpt2), { seed: 1 });
    const out = join(directory, 'tiny');
    const { modelPath, bytes } = await exportOnnx(model, out);
    model.dispose();
    expect(modelPath).toBe(join(out, 'onnx', 'decoder_model_merged.onnx'));
    expect(await readdir(out)).toEqual(['config.json', 'onnx']);
    expect(await readdir(join(out, 'onnx'))).toEqual(['decoder_model_merged.onnx']);
    // At least every float32 parameter: 4 bytes each.
    const parameters =
      61 * 16 + 24 * 16 + 2 * (4 * 16 + 16 * 48 + 48 + 16 * 16 + 16 + 16 * 64 + 64 + 64 * 16 + 16) + 2 * 16;
    expect(bytes).toBeGreaterThan(4 * parameters);
  });

  it('refuses strided and fixed layers by name before writing anything', async () => {
    const model = GptModel.create(
      createModelConfig({ ...TINY_CONFIGS.neo, attention: [{ type: 'dense' }, { type: 'strided', stride: 4 }] }),
    );
    const out = join(directory, 'strided');
    await expect(exportOnnx(model, out)).rejects.toThrow(
      'attention[1] = strided(4) cannot be exported to ONNX: only dense and local layers can',
    );
    model.dispose();
    await expect(readdir(out)).rejects.toThrow('ENOENT');
  });

  it('refuses a post-LayerNorm model, which no config.json describes', async () => {
    const model = GptModel.create(createModelConfig({ ...TINY_CONFIGS.gpt2, layerNormPosition: 'post' }));
    await expect(exportOnnx(model, join(directory, 'post'))).rejects.toThrow('layerNormPosition');
    model.dispose();
  });
});
