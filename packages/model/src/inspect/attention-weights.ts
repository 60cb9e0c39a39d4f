import type { AttentionPattern } from '@fewshot/config';
import * as tf from '@tensorflow/tfjs-core';
import { maskToBias, patternMask, positions } from '../attention/pattern-mask.js';
import type { GptModel } from '../gpt-model.js';
import { queriesKeysValues } from '../layers/causal-self-attention.js';
import { type TokenIds, checkTokenIds } from '../token-ids.js';

/** One layer's attention probabilities over a prompt. */
export interface LayerAttentionWeights {
  readonly layer: number;
  readonly pattern: AttentionPattern;
  readonly heads: number;
  /** Tokens in the prompt: each head's matrix is `length × length`. */
  readonly length: number;
  /**
   * `[heads, length, length]` row-major: entry `[h, i, j]` is how much query `i` attends to key
   * `j` in head `h` (each row sums to 1; 0 where the pattern or causality forbids the pair).
   */
  readonly weights: Float32Array;
}

/** Longest prompt accepted: every layer holds `heads × length²` probabilities. */
export const MAX_ATTENTION_WEIGHTS_LENGTH = 512;

/**
 * The softmax attention probabilities of every layer and head for `ids`, for inspection (the
 * forward pass itself never materialises them for sparse layers). The residual stream runs
 * through the model's own blocks; each layer's scores are recomputed densely from its
 * LayerNorm and q/k projections, with the layer's pattern as a mask.
 */
export function attentionWeights(model: GptModel, ids: TokenIds): LayerAttentionWeights[] {
  const { config } = model;
  const limit = Math.min(MAX_ATTENTION_WEIGHTS_LENGTH, config.contextLength);
  if (ids.length > limit) {
    throw new RangeError(`ids: ${ids.length} tokens is too many; attention weights are computed for at most ${limit}`);
  }
  checkTokenIds(ids, 0, config.vocabSize, config.contextLength);
  const { tokenEmbedding, positionEmbedding, blocks } = model.layers;
  const length = ids.length;

  return tf.tidy(() => {
    let x = positionEmbedding.addPositions(tokenEmbedding.embed(tf.tensor2d(Array.from(ids), [1, length], 'int32')), 0);
    const query = tf.reshape(positions(0, length), [length, 1]);
    const key = tf.reshape(positions(0, length), [1, length]);
    return blocks.map((block, index) => {
      const { pattern, scale, heads } = block.attentionSpec();
      const input = config.layerNormPosition === 'pre' ? block.normalize(x, 'ln_1') : x;
      const [q, k] = queriesKeysValues(input, block.attentionWeights(), heads);
      const scores = tf.add(tf.mul(tf.matMul(q, k, false, true), scale), maskToBias(patternMask(pattern, query, key)));
      const probabilities = tf.softmax(scores);
      x = block.run(x);
      return { layer: index, pattern, heads, length, weights: probabilities.dataSync() as Float32Array };
    });
  });
}
