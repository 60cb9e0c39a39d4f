import * as config from '@fewshot/config';
import * as model from '@fewshot/model';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { runReadmeExampleAsync } from '@fewshot/vitest-config/readme';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import * as api from './index.js';

describe('README example', () => {
  it('exports, runs in onnxruntime-node and prints what its comments say', async () => {
    await tf.setBackend('cpu');
    const printed = await runReadmeExampleAsync(new URL('../README.md', import.meta.url), {
      mkdtemp,
      tmpdir,
      join,
      ...config,
      ...model,
      ...api,
      ort,
    });
    expect(printed).toEqual(['/onnx/decoder_model_merged.onnx', '1×3×100 1×4×3×8', 'true']);
  });
});
