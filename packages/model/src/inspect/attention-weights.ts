import type { AttentionPattern } from '@fewshot/config';
import * as tf from '@tensorflow/tfjs-core';
import { maskToBias, patternMask, positions } from '../attention/pattern-mask.js';
import type { GptModel, TokenIds } from '../gpt-model.js';
import { PositionEmbedding } from '../layers/position-embedding.js';
import { TokenEmbedding } from '../layers/token-embedding.js';
import { type BlockWeightName, TransformerBlock } from '../layers/transformer-block.js';
import { affine } from '../ops/affine.js';
import { layerNorm } from '../ops/layer-norm.js';

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
  if (ids.length === 0) throw new RangeError('ids: expected at least one token id, got an empty list');
  const limit = Math.min(MAX_ATTENTION_WEIGHTS_LENGTH, config.contextLength);
  if (ids.length > limit) throw new RangeError(`ids: ${ids.length} tokens is too many; attention weights are computed for at most ${limit}`);
  ids.forEach((id, i) => {
    if (!Number.isInteger(id) || id < 0 || id >= config.vocabSize) throw new RangeError(`ids[${i}] = ${id} is invalid: expected an integer in [0, ${config.vocabSize})`);
  });
  const layer = <T>(name: string, type: abstract new (...args: never[]) => T): T => {
    const found = model.layersModel.getLayer(name);
    if (!(found instanceof type)) throw new Error(`model: layer "${name}" is not a ${type.name}`);
    return found;
  };
  const tokenEmbedding = layer('wte', TokenEmbedding);
  const positionEmbedding = layer('wpe', PositionEmbedding);
  const headSize = config.dModel / config.nHead;
  const length = ids.length;

  return tf.tidy(() => {
    let x = positionEmbedding.addPositions(tokenEmbedding.embed(tf.tensor2d(Array.from(ids), [1, length], 'int32')), 0);
    const query = tf.reshape(positions(0, length), [length, 1]);
    const key = tf.reshape(positions(0, length), [1, length]);
    return config.attention.map((pattern, index) => {
      const block = layer(`h_${index}`, TransformerBlock);
      const read = (name: BlockWeightName): tf.Tensor | undefined => block.namedWeights.get(name)?.read();
      const required = (name: BlockWeightName): tf.Tensor => {
        const weight = read(name);
        if (weight === undefined) throw new Error(`model: layer h_${index} has no weight ${name}`);
        return weight;
      };
      const input = config.layerNormPosition === 'pre' ? layerNorm(x, required('ln_1.weight'), required('ln_1.bias'), config.layerNormEpsilon) : x;
      const qkv = affine(input, required('attn.c_attn.weight'), read('attn.c_attn.bias'));
      // [1, length, dModel] → [heads, length, headSize], for q (part 0) and k (part 1).
      const split = (part: number): tf.Tensor3D =>
        tf.transpose(tf.reshape(tf.slice(qkv, [0, 0, part * config.dModel], [1, length, config.dModel]), [length, config.nHead, headSize]), [1, 0, 2]);
      const scale = config.scaleAttentionScores ? 1 / Math.sqrt(headSize) : 1;
      const scores = tf.add(tf.mul(tf.matMul(split(0), split(1), false, true), scale), maskToBias(patternMask(pattern, query, key)));
      const probabilities = tf.softmax(scores);
      x = block.run(x, false);
      return { layer: index, pattern, heads: config.nHead, length, weights: probabilities.dataSync() as Float32Array };
    });
  });
}
