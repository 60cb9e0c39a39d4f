import { type AttentionPattern, attends } from '@fewshot/config';
import * as tf from '@tensorflow/tfjs-core';
import type { CacheBuffers } from '../cache/kv-cache-types.js';
import type { LayerKv } from '../cache/layer-kv.js';
import { type FusedOps, fusedOpsFor } from '../ops/fused-ops.js';
import { attend } from './attention.js';

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
 * - {@link fusedPositions}: one position per row and one cache per row, where fused operations
 *   are installed for `q` (`@fewshot/kernels` on WASM): one kernel reads every cache's buffers in
 *   place;
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
  const [only] = caches;
  if (ops !== undefined && time === 1 && caches.length === batch) {
    return fusedPositions(
      ops,
      q,
      k,
      v,
      caches,
      caches.map(() => 1),
      spec,
    );
  }
  if (caches.length === 1 && only !== undefined) return tensorCachedAttention(q, k, v, only, spec);
  const row = (tensor: tf.Tensor, b: number): tf.Tensor => tf.slice(tensor, [b, 0, 0, 0], [1, -1, -1, -1]);
  return tf.concat(
    caches.map((cache, b) => tensorCachedAttention(row(q, b), row(k, b), row(v, b), cache, spec)),
    0,
  );
}

/**
 * `k`/`v` appended to `cache`, then `attend` over every key it keeps: the appended cache is the
 * sequence attention reads, so the keys are joined once (by the append) rather than once for
 * attention and again for the cache.
 */
export function tensorCachedAttention(
  q: tf.Tensor,
  k: tf.Tensor,
  v: tf.Tensor,
  cache: LayerKv,
  spec: CachedAttentionSpec,
): tf.Tensor {
  const queryStart = cache.start + cache.count;
  cache.append(k, v);
  const kept = cache.keptSequence();
  if (kept === undefined) throw new Error('cache: it holds no keys after an append');
  try {
    return attend(spec.pattern, q, kept.keys, kept.values, {
      queryStart,
      keyStart: kept.start,
      scale: spec.scale,
      dropout: 0,
      training: false,
    });
  } finally {
    tf.dispose([kept.keys, kept.values]);
  }
}

/**
 * Positions as rows of one fused kernel: `q`, `k`, `v` `[positions, heads, 1, headSize]`, where
 * sequence i takes the next `lengths[i]` rows and extends `caches[i]` (a decoding step is one row
 * per sequence; a short prompt chunk several rows of one). Every position's keys and values are
 * written into its cache's buffers first; then each query attends, in place, to its cache's kept
 * keys up to its own position, less those its pattern hides (local windows, strided and fixed
 * layouts), with no copy or concatenation of the cache.
 */
export function fusedPositions(
  ops: FusedOps,
  q: tf.Tensor,
  k: tf.Tensor,
  v: tf.Tensor,
  caches: readonly LayerKv[],
  lengths: readonly number[],
  spec: CachedAttentionSpec,
): tf.Tensor {
  const entries: CacheBuffers[] = [];
  const masked: number[][] = [];
  let row = 0;
  caches.forEach((cache, i) => {
    const length = lengths[i] ?? 0;
    const first = cache.start + cache.count;
    for (let j = 0; j < length; j++) cache.appendFrom(k, v, row + j);
    const held = cache.buffers();
    if (held === undefined) throw new Error('cache: it holds no keys after an append');
    for (let j = 0; j < length; j++) {
      const count = first + j - cache.start + 1;
      entries.push({ ...held, count });
      masked.push(hiddenKeys(spec.pattern, cache.start, count, first + j));
    }
    row += length;
  });
  return ops.cachedAttention(q, entries, spec.scale, masked);
}

/**
 * The indices, among `count` kept keys from position `start` on, that the query at `position`
 * may not see: keys out of a local layer's window, and those a strided or fixed layout skips.
 */
function hiddenKeys(pattern: AttentionPattern, start: number, count: number, position: number): number[] {
  switch (pattern.type) {
    case 'dense':
      return [];
    case 'local': {
      // The window's last `window` positions up to the query: every kept key before them.
      const before = Math.min(count, Math.max(0, position - pattern.window + 1 - start));
      return Array.from({ length: before }, (_, j) => j);
    }
    case 'strided':
    case 'fixed': {
      const hidden: number[] = [];
      for (let j = 0; j < count; j++) if (!attends(pattern, position, start + j)) hidden.push(j);
      return hidden;
    }
  }
}
