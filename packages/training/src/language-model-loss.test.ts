import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { randomValues, seededRandom } from '@fewshot/model/testing';
import { languageModelLoss } from './language-model-loss.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

describe('languageModelLoss', () => {
  const [batch, time, vocab] = [2, 3, 5];
  const logits = randomValues(seededRandom(11), batch * time * vocab, 3);
  const targets = [4, 0, 2, 1, 1, 3];

  /** Row-wise log-softmax in float64. */
  const logSoftmaxRow = (row: number): number[] => {
    const values = Array.from(logits.subarray(row * vocab, (row + 1) * vocab));
    const max = Math.max(...values);
    const logSum = max + Math.log(values.reduce((sum, value) => sum + Math.exp(value - max), 0));
    return values.map((value) => value - logSum);
  };

  it('is the mean negative log-probability of the targets', () => {
    const expected = -targets.reduce((sum, target, row) => sum + (logSoftmaxRow(row)[target] ?? 0), 0) / targets.length;
    const loss = languageModelLoss(
      tf.tensor3d(logits, [batch, time, vocab]),
      tf.tensor2d(targets, [batch, time], 'int32'),
    );
    expect(loss.dataSync()[0]).toBeCloseTo(expected, 5);
  });

  it('has the gradient (softmax − one-hot) / rows', () => {
    const gradient = tf.grad((x: tf.Tensor) => languageModelLoss(x, tf.tensor2d(targets, [batch, time], 'int32')))(
      tf.tensor3d(logits, [batch, time, vocab]),
    );
    expect(gradient.shape).toEqual([batch, time, vocab]);
    const values = gradient.dataSync();
    targets.forEach((target, row) => {
      logSoftmaxRow(row).forEach((logProbability, j) => {
        const expected = (Math.exp(logProbability) - (j === target ? 1 : 0)) / targets.length;
        expect(values[row * vocab + j]).toBeCloseTo(expected, 6);
      });
    });
  });
});
