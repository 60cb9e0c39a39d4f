import { type GptModel, tokenLogProbabilities } from '@fewshot/model';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Greedy continuation computed the plain way, independent of the server and of
 * @fewshot/sampling: the whole sequence through `forward` at every step, argmax of the last row.
 */
export function referenceGreedy(model: GptModel, prompt: readonly number[], steps: number): number[] {
  const ids = [...prompt];
  for (let step = 0; step < steps; step++) {
    const { logits } = model.forward(ids);
    const next = tf.tidy(() => tf.argMax(tf.slice(logits, [ids.length - 1, 0], [1, -1]), -1).dataSync()[0] ?? -1);
    logits.dispose();
    ids.push(next);
  }
  return ids.slice(prompt.length);
}

/** log P(ids[t] | ids[..t]) for t ≥ 1, from one full forward pass. */
export function referenceLogprobs(model: GptModel, ids: readonly number[]): number[] {
  return Array.from(tokenLogProbabilities(model, ids));
}
