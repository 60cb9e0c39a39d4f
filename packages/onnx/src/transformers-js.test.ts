import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AutoModelForCausalLM, Tensor, env } from '@huggingface/transformers';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  TINY_CONFIGS,
  logSoftmax,
  maxDifference,
  randomModel,
  referenceLogProbs,
  sequence,
} from './__fixtures__/decoder-check.js';
import { exportOnnx } from './export-onnx.js';

let directory: string;

beforeAll(async () => {
  await tf.setBackend('cpu');
  directory = await mkdtemp(join(tmpdir(), 'fewshot-onnx-tjs-'));
  // Offline: the exported folder is the only place models come from.
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = directory;
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

const int64 = (rows: readonly (readonly number[])[]): Tensor =>
  new Tensor('int64', BigInt64Array.from(rows.flat().map((value) => BigInt(value))), [rows.length, rows[0]!.length]);

describe('transformers.js loads the export from a local folder', () => {
  for (const kind of ['gpt2', 'neo'] as const) {
    for (const merged of [true, false]) {
      const file = merged ? 'decoder_model_merged' : 'model';
      it(`${kind}, ${file}.onnx: left-padded batch logits and greedy tokens match GptModel`, async () => {
        const model = randomModel(TINY_CONFIGS[kind]);
        const name = `${kind}-${merged}`;
        await exportOnnx(model, join(directory, name), { merged });
        const loaded = await AutoModelForCausalLM.from_pretrained(name, {
          local_files_only: true,
          dtype: 'fp32',
          ...(merged ? { model_file_name: 'decoder_model_merged' } : {}),
        });
        const vocab = model.config.vocabSize;
        const long = sequence(9, vocab, 2);
        const short = sequence(6, vocab, 4);
        const padded = [...Array<number>(long.length - short.length).fill(0), ...short];
        const mask = [long.map(() => 1), padded.map((_, i) => (i < long.length - short.length ? 0 : 1))];
        const { logits } = (await loaded({ input_ids: int64([long, padded]), attention_mask: int64(mask) })) as {
          logits: Tensor;
        };
        const data = logits.data as Float32Array;
        const rows = (b: number, from: number): Float64Array[] =>
          Array.from({ length: long.length - from }, (_, t) => {
            const offset = (b * long.length + from + t) * vocab;
            return logSoftmax(data.subarray(offset, offset + vocab));
          });
        expect(maxDifference(rows(0, 0), referenceLogProbs(model, long))).toBeLessThan(1e-4);
        expect(maxDifference(rows(1, long.length - short.length), referenceLogProbs(model, short))).toBeLessThan(1e-4);

        // Greedy decoding through transformers.js's own cache loop against argmax of GptModel.
        const generated = (await loaded.generate({
          inputs: int64([long]),
          max_new_tokens: 4,
          do_sample: false,
        })) as Tensor;
        const tokens = Array.from(generated.data as BigInt64Array, Number).slice(long.length);
        const expected: number[] = [];
        const ids = [...long];
        for (let step = 0; step < 4; step++) {
          const last = referenceLogProbs(model, ids).at(-1)!;
          const next = last.indexOf(Math.max(...last));
          expected.push(next);
          ids.push(next);
        }
        expect(tokens).toEqual(expected);
        await loaded.dispose();
        model.dispose();
      });
    }
  }
});
