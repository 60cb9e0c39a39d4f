import { createModelConfig } from '@fewshot/config';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { GptModel } from '@fewshot/model';
import { evaluate } from './evaluate.js';

const CONFIG = createModelConfig({
  name: 'tiny-evaluate',
  vocabSize: 16,
  contextLength: 8,
  dModel: 8,
  nLayer: 1,
  nHead: 2,
});
const TOKENS = Int32Array.from({ length: 41 }, (_, i) => (i * 7) % 16);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('evaluate', () => {
  it('gives bits per byte as the loss over every held-out token, in bits, per byte of their text', () => {
    const model = GptModel.create(CONFIG, { seed: 5 });
    const options = { seqLen: 8, batchSize: 2, batches: 2 };
    const withBytes = evaluate(model, { tokens: TOKENS, bytes: 100 }, options);
    const withoutBytes = evaluate(model, { tokens: TOKENS }, options);
    model.dispose();
    expect(withBytes.loss).toBeGreaterThan(0);
    expect(withBytes.perplexity).toBeCloseTo(Math.exp(withBytes.loss), 10);
    expect(withBytes.bitsPerByte).toBeCloseTo((withBytes.loss * TOKENS.length) / (100 * Math.LN2), 12);
    expect(withoutBytes.bitsPerByte).toBeUndefined();
    expect(withoutBytes.loss).toBe(withBytes.loss);
  });
});
