import * as tf from '@tensorflow/tfjs-core';
import type { GptModel } from './gpt-model.js';
import type { TokenIds } from './token-ids.js';

/**
 * Per-token log-probabilities of a sequence under `model`, in one forward pass: element `i` is
 * log P(ids[i + 1] | ids[0..i]), so a sequence of n ids gives n − 1 values (natural log).
 */
export function tokenLogProbabilities(model: GptModel, ids: TokenIds): Float64Array {
  if (ids.length < 2) throw new RangeError(`ids: expected at least 2 token ids to score, got ${ids.length}`);
  const { logits } = model.forward(ids);
  const picked = tf.tidy(() => {
    const logProbs = tf.logSoftmax(tf.slice(logits, [0, 0], [ids.length - 1, -1]));
    const targets = tf.tensor1d(Array.from(ids).slice(1), 'int32');
    const mask = tf.oneHot(targets, model.config.vocabSize);
    return tf.sum(tf.mul(logProbs, mask), -1);
  });
  logits.dispose();
  const values = Float64Array.from(picked.dataSync());
  picked.dispose();
  return values;
}
