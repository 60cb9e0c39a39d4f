import type { AttentionPattern } from '@fewshot/config';
import type * as tf from '@tensorflow/tfjs-core';
import { attendWithCache } from '../attention/cached-attention.js';
import { attend } from '../attention/attention.js';
import { mergeHeads, splitHeads } from '../attention/heads.js';
import { attendPacked } from '../attention/packed-attention.js';
import type { PackedCaches } from '../cache/kv-cache-types.js';
import { LayerKv } from '../cache/layer-kv.js';
import { affine } from '../ops/affine.js';

/** One layer's attention weights, projections stored `[in, out]` (GPT-2's `attn.c_attn`, `attn.c_proj`). */
export interface AttentionWeights {
  /** `[dModel, 3·dModel]`: queries, keys and values side by side. */
  readonly qkv: tf.Tensor;
  /** Absent without q/k/v biases (GPT-Neo). */
  readonly qkvBias: tf.Tensor | undefined;
  readonly projection: tf.Tensor;
  readonly projectionBias: tf.Tensor;
}

export interface AttentionSpec {
  readonly heads: number;
  readonly pattern: AttentionPattern;
  /** Multiplies the scores: 1/√headSize for GPT-2/3, 1 for GPT-Neo. */
  readonly scale: number;
  /** Dropout rate on the attention probabilities while training. */
  readonly dropout: number;
}

/** Queries, keys and values `[batch, heads, time, headSize]` of `x` `[batch, time, dModel]`. */
export function queriesKeysValues(
  x: tf.Tensor,
  weights: AttentionWeights,
  heads: number,
  inference = false,
): [tf.Tensor, tf.Tensor, tf.Tensor] {
  return splitHeads(affine(x, weights.qkv, weights.qkvBias, inference), heads);
}

/**
 * Causal self-attention under the layer's pattern (GPT-2's `attn`): `x` `[batch, time, dModel]`
 * → the same shape. Positions start at 0, or follow those `cache` holds (inference), which is
 * then extended with this call's keys and values; with {@link PackedCaches}, `x` `[1, time, dModel]`
 * packs several sequences, each over its own cache (see `attendPacked`).
 * `inference` (never under a gradient tape) lets the projections use decoding products. Call
 * inside a `tidy`.
 */
export function causalSelfAttention(
  x: tf.Tensor,
  weights: AttentionWeights,
  spec: AttentionSpec,
  training: boolean,
  cache?: LayerKv | PackedCaches,
  inference = false,
): tf.Tensor {
  if (cache !== undefined && (!(cache instanceof LayerKv) || x.shape[0] === 1)) {
    // One sequence continuing its cache is a pack of one, so a short chunk can take the fused kernel too.
    const packed = cache instanceof LayerKv ? { caches: [cache], lengths: [x.shape[1] ?? 0] } : cache;
    const qkv = affine(x, weights.qkv, weights.qkvBias, inference);
    return affine(attendPacked(qkv, packed, spec), weights.projection, weights.projectionBias, inference);
  }
  const [q, k, v] = queriesKeysValues(x, weights, spec.heads, inference);
  const heads =
    cache === undefined
      ? attend(spec.pattern, q, k, v, {
          queryStart: 0,
          keyStart: 0,
          scale: spec.scale,
          dropout: spec.dropout,
          training,
        })
      : attendWithCache(q, k, v, [cache], spec);
  return affine(mergeHeads(heads), weights.projection, weights.projectionBias, inference);
}
