import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TINY_CONFIGS, decoderDifference, randomModel } from './__fixtures__/decoder-check.js';
import { exportOnnx } from './export-onnx.js';

let directory: string;

beforeAll(async () => {
  await tf.setBackend('cpu');
  directory = await mkdtemp(join(tmpdir(), 'fewshot-onnx-'));
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('onnxruntime-node runs the export: log-probabilities against GptModel', () => {
  for (const kind of ['gpt2', 'neo'] as const) {
    for (const merged of [true, false]) {
      const file = merged ? 'decoder_model_merged' : 'model';
      it(`${kind}, ${file}.onnx: prefill + 3 cached steps, batch 1 and left-padded 2, within 1e-4`, async () => {
        const model = randomModel(TINY_CONFIGS[kind]);
        const out = join(directory, `${kind}-${merged}`);
        const { modelPath, configPath } = await exportOnnx(model, out, { merged });
        const session = await ort.InferenceSession.create(modelPath, { intraOpNumThreads: 1 });
        expect(session.inputNames).toEqual([
          'input_ids',
          'attention_mask',
          'position_ids',
          'past_key_values.0.key',
          'past_key_values.0.value',
          'past_key_values.1.key',
          'past_key_values.1.value',
          ...(merged ? ['use_cache_branch'] : []),
        ]);
        expect(session.outputNames).toEqual([
          'logits',
          'present.0.key',
          'present.0.value',
          'present.1.key',
          'present.1.value',
        ]);
        const difference = await decoderDifference(ort, session, model);
        expect(difference).toBeLessThan(1e-4);
        const config = JSON.parse(await readFile(configPath, 'utf8')) as Record<string, unknown>;
        expect(config.model_type).toBe(kind === 'gpt2' ? 'gpt2' : 'gpt_neo');
        await session.release();
        model.dispose();
      });
    }
  }
});
