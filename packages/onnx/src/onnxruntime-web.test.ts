import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as ort from 'onnxruntime-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TINY_CONFIGS, decoderDifference, randomModel } from './__fixtures__/decoder-check.js';
import { exportOnnx } from './export-onnx.js';

let directory: string;

beforeAll(async () => {
  await tf.setBackend('cpu');
  ort.env.wasm.numThreads = 1;
  directory = await mkdtemp(join(tmpdir(), 'fewshot-onnx-web-'));
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('onnxruntime-web (WASM, one thread) runs the export: log-probabilities against GptModel', () => {
  for (const kind of ['gpt2', 'neo'] as const) {
    it(`${kind}, merged: prefill + 3 cached steps, batch 1 and left-padded 2, within 1e-4`, async () => {
      const model = randomModel(TINY_CONFIGS[kind]);
      const { modelPath } = await exportOnnx(model, join(directory, kind));
      const session = await ort.InferenceSession.create(await readFile(modelPath), { executionProviders: ['wasm'] });
      expect(session.inputNames).toContain('use_cache_branch');
      expect(await decoderDifference(ort, session, model)).toBeLessThan(1e-4);
      await session.release();
      model.dispose();
    });
  }
});
