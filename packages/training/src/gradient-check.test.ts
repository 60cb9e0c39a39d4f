import { createModelConfig } from '@fewshot/config';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
// Both backends with every kernel this package registers on them, as the package entry point loads them.
import { installKernels } from '@fewshot/kernels';
import { GptModel } from '@fewshot/model';
import { batchGradients, batchLogits, trainableVariables } from './gradients.js';
import { languageModelLoss } from './language-model-loss.js';
import type { TokenBatch } from './token-windows.js';

installKernels();

// Two layers, dense then local: 48 queries run the local layer blockwise (window 8), the path
// training takes at every sparse layer. No dropout, so the loss is a deterministic function.
const CONFIG = createModelConfig({
  name: 'gradient-check',
  vocabSize: 50,
  contextLength: 64,
  dModel: 32,
  nLayer: 2,
  nHead: 2,
  dFf: 64,
  dropout: { embedding: 0, attention: 0, residual: 0 },
  attention: [{ type: 'dense' }, { type: 'local', window: 8 }],
});
const ROWS = 4;
const SEQ_LEN = 48;
// A line of 24 tokens and the same line again, per row: a loss that depends on which key each query attends to.
const BATCH: TokenBatch = (() => {
  const stream = Array.from({ length: ROWS }, (_, row) => {
    const line = Array.from({ length: SEQ_LEN / 2 }, (_, i) => (row * 13 + i * 7 + ((i * i) % 5)) % CONFIG.vocabSize);
    return [...line, ...line, (row * 3) % CONFIG.vocabSize];
  });
  return {
    inputs: Int32Array.from(stream.flatMap((tokens) => tokens.slice(0, SEQ_LEN))),
    targets: Int32Array.from(stream.flatMap((tokens) => tokens.slice(1, SEQ_LEN + 1))),
    rows: ROWS,
    seqLen: SEQ_LEN,
  };
})();

async function gradientsOn(backend: 'wasm' | 'cpu'): Promise<Map<string, Float32Array>> {
  await tf.setBackend(backend);
  const model = GptModel.create(CONFIG, { seed: 3 });
  const { gradients } = batchGradients(model, trainableVariables(model), [BATCH]);
  const values = new Map([...gradients].map(([name, gradient]) => [name, gradient.dataSync() as Float32Array]));
  tf.dispose([...gradients.values()]);
  model.dispose();
  return values;
}

afterAll(async () => {
  await tf.setBackend('wasm');
});

describe('gradients of the training path', () => {
  it('on WASM (this package kernels) equal those of the CPU backend (tfjs reference kernels)', async () => {
    const wasm = await gradientsOn('wasm');
    const cpu = await gradientsOn('cpu');
    expect([...wasm.keys()]).toEqual([...cpu.keys()]);
    for (const [name, expected] of cpu) {
      const actual = wasm.get(name) ?? new Float32Array();
      const scale = expected.reduce((max, value) => Math.max(max, Math.abs(value)), 0);
      const difference = expected.reduce(
        (max, value, i) => Math.max(max, Math.abs(value - (actual[i] ?? Number.NaN))),
        0,
      );
      expect(scale, name).toBeGreaterThan(0);
      expect(difference, name).toBeLessThan(1e-4 * scale);
    }
  });

  it('match central differences of the loss along the query, key and value weights of each layer', async () => {
    await tf.setBackend('cpu');
    const model = GptModel.create(CONFIG, { seed: 3 });
    const variables = trainableVariables(model);
    const { gradients } = batchGradients(model, variables, [BATCH]);
    const loss = (): number =>
      tf.tidy(
        () =>
          languageModelLoss(
            batchLogits(model, BATCH, true),
            tf.tensor2d(BATCH.targets, [ROWS, SEQ_LEN], 'int32'),
          ).dataSync()[0] ?? Number.NaN,
      );
    const d = CONFIG.dModel;
    for (const layer of [0, 1]) {
      const name = `h.${layer}.attn.c_attn.weight`;
      const variable = variables.get(name);
      const gradient = gradients.get(name);
      if (variable === undefined || gradient === undefined) throw new Error(`no ${name}`);
      const original = variable.clone();
      for (const [part, begin] of [
        ['query', 0],
        ['key', d],
        ['value', 2 * d],
      ] as const) {
        // Along the gradient's own direction within this part: the derivative there is the part's
        // gradient norm, large enough to stand out of float32 rounding in the loss.
        const direction = tf.tidy(() => {
          const mask = tf.concat([tf.zeros([d, begin]), tf.ones([d, d]), tf.zeros([d, 2 * d - begin])], 1);
          const masked = tf.mul(gradient, mask);
          return tf.div(masked, tf.norm(masked));
        });
        const expected = tf.tidy(() => tf.sum(tf.mul(gradient, direction)).dataSync()[0] ?? Number.NaN);
        const epsilon = 1e-2;
        const lossAt = (step: number): number => {
          tf.tidy(() => {
            variable.assign(tf.add(original, tf.mul(direction, step)));
          });
          return loss();
        };
        const numeric = (lossAt(epsilon) - lossAt(-epsilon)) / (2 * epsilon);
        variable.assign(original);
        direction.dispose();
        expect(expected, `${name} ${part}`).toBeGreaterThan(1e-4);
        expect(Math.abs(numeric - expected), `${name} ${part}: numeric ${numeric}, analytic ${expected}`).toBeLessThan(
          0.03 * expected,
        );
      }
      original.dispose();
    }
    tf.dispose([...gradients.values()]);
    model.dispose();
  });
});
