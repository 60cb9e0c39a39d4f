import { type AttentionPattern, attends } from '@fewshot/config';
import * as tf from '@tensorflow/tfjs-core';
import type { CacheBuffers } from '../cache/kv-cache-types.js';
import type { LayerKv } from '../cache/layer-kv.js';
import { type FusedOps, fusedOpsFor } from '../ops/fused-ops.js';
import { attend } from './attention.js';
import { appendSequence } from './sequence-axis.js';

/** What attention over a cache needs to know about its layer. */
export interface CachedAttentionSpec {
  readonly pattern: AttentionPattern;
  /** Multiplies the scores: 1/√headSize for GPT-2/3, 1 for GPT-Neo. */
  readonly scale: number;
}

/**
 * Attention of `q`, `k`, `v` `[batch, heads, time, headSize]` over the keys and values `caches`
 * hold followed by `k`/`v`, which are appended to them (inference only: no dropout). With one
 * cache every row of `q` continues it; with several, row b extends `caches[b]` by one position
 * (a decoding step of several sequences, each cache of any length). Returns
 * `[batch, heads, time, headSize]`, by one of two strategies:
 * - {@link fusedDecodingStep}: one position per row, where fused operations are installed for
 *   `q` (`@fewshot/kernels` on WASM): one kernel reads every cache's buffers in place;
 * - {@link tensorCachedAttention}: the general path, `attend` over the cache's keys and the new
 *   ones (row by row when each row has its own cache).
 */
export function attendWithCache(
  q: tf.Tensor,
  k: tf.Tensor,
  v: tf.Tensor,
  caches: readonly LayerKv[],
  spec: CachedAttentionSpec,
): tf.Tensor {
  const [batch = 0, , time = 0] = q.shape;
  if (caches.length > 1 && (time !== 1 || caches.length !== batch)) {
    throw new RangeError(
      `caches: a step of several caches takes one position per sequence, ` +
        `got ${time} positions for ${batch} rows and ${caches.length} caches`,
    );
  }
  const ops = fusedOpsFor(q);
  if (ops !== undefined && time === 1) return fusedDecodingStep(ops, q, k, v, caches, spec);
  const [only] = caches;
  if (caches.length === 1 && only !== undefined) return tensorCachedAttention(q, k, v, only, spec);
  const row = (tensor: tf.Tensor, b: number): tf.Tensor => tf.slice(tensor, [b, 0, 0, 0], [1, -1, -1, -1]);
  return tf.concat(
    caches.map((cache, b) => tensorCachedAttention(row(q, b), row(k, b), row(v, b), cache, spec)),
    0,
  );
}

/** `attend` over `cache`'s keys and values followed by `k`/`v`, which are then appended to it. */
export function tensorCachedAttention(
  q: tf.Tensor,
  k: tf.Tensor,
  v: tf.Tensor,
  cache: LayerKv,
  spec: CachedAttentionSpec,
): tf.Tensor {
  const queryStart = cache.start + cache.count;
  const past = cache.past();
  const keys = past === undefined ? k : appendSequence(past.keys, k);
  const values = past === undefined ? v : appendSequence(past.values, v);
  const keyStart = past === undefined ? queryStart : past.start;
  const heads = attend(spec.pattern, q, keys, values, {
    queryStart,
    keyStart,
    scale: spec.scale,
    dropout: 0,
    training: false,
  });
  cache.append(k, v);
  return heads;
}

/**
 * A decoding step (one position per row) as one fused kernel: the new keys and values are
 * written into the caches' buffers first, then every query attends to its cache's buffers in
 * place, with no copy or concatenation of the cache. Strided and fixed layers pass the kept
 * keys their pattern hides from the query.
 */
export function fusedDecodingStep(
  ops: FusedOps,
  q: tf.Tensor,
  k: tf.Tensor,
  v: tf.Tensor,
  caches: readonly LayerKv[],
  spec: CachedAttentionSpec,
): tf.Tensor {
  const queryStarts = caches.map((cache) => cache.start + cache.count);
  const [only] = caches;
  if (caches.length === 1 && only !== undefined) only.append(k, v);
  else
    caches.forEach((cache, b) => {
      cache.appendFrom(k, v, b);
    });
  const buffers = caches.map((cache): CacheBuffers => {
    const held = cache.buffers();
    if (held === undefined) throw new Error('cache: it holds no keys after an append');
    return held;
  });
  const masked = caches.map((cache, b) => hiddenKeys(spec.pattern, cache, queryStarts[b] ?? 0));
  return ops.cachedAttention(q, buffers, spec.scale, masked);
}

/** The indices, among `cache`'s kept keys, that the query at `queryStart` may not see (strided and fixed layers). */
function hiddenKeys(pattern: AttentionPattern, cache: LayerKv, queryStart: number): number[] {
  const hidden: number[] = [];
  if (pattern.type === 'strided' || pattern.type === 'fixed') {
    for (let j = 0; j < cache.count; j++) if (!attends(pattern, queryStart, cache.start + j)) hidden.push(j);
  }
  return hidden;
}
