import { createModelConfig } from '@fewshot/config';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { GptModel } from './gpt-model.js';
import { tokenLogProbabilities } from './token-log-probabilities.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('tokenLogProbabilities', () => {
  it('gives log P(next token) from the forward logits, computed here with float64 log-sum-exp', () => {
    const config = createModelConfig({ vocabSize: 20, contextLength: 8, dModel: 8, nLayer: 1, nHead: 2 });
    const model = GptModel.create(config, { seed: 5 });
    const ids = [1, 7, 3, 19, 0];
    const { logits } = model.forward(ids);
    const rows = logits.arraySync();
    logits.dispose();
    const expected = ids.slice(1).map((next, i) => {
      const row = rows[i] ?? [];
      const max = Math.max(...row);
      return (row[next] ?? 0) - max - Math.log(row.reduce((sum, value) => sum + Math.exp(value - max), 0));
    });
    const actual = tokenLogProbabilities(model, ids);
    expect(actual).toHaveLength(4);
    actual.forEach((value, i) => {
      expect(value).toBeCloseTo(expected[i] ?? Number.NaN, 5);
    });
    expect(() => tokenLogProbabilities(model, [1])).toThrow('ids: expected at least 2 token ids to score, got 1');
    model.dispose();
  });
});
