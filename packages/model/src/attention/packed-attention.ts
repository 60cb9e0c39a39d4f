import * as tf from '@tensorflow/tfjs-core';
import type { PackedCaches } from '../cache/kv-cache-types.js';
import { type CachedAttentionSpec, attendWithCache } from './cached-attention.js';
import { mergeHeads, splitHeads } from './heads.js';

/**
 * Attention of sequences packed along the time axis (see {@link PackedCaches}), each over its own
 * cache, which it extends: `qkv` `[1, time, 3·dModel]` → `[1, time, dModel]`. Each run of
 * one-position sequences is one batched decoding step (`attendWithCache` with a cache per row,
 * one fused kernel where fused operations are installed); a longer sequence (a prefill chunk)
 * attends over its cache alone. The projections before and after run once for all of them.
 */
export function attendPacked(
  qkv: tf.Tensor,
  packed: PackedCaches,
  spec: CachedAttentionSpec & { readonly heads: number },
): tf.Tensor {
  const { caches, lengths } = packed;
  const [, time = 0, width = 0] = qkv.shape;
  const total = lengths.reduce((sum, length) => sum + length, 0);
  const valid = lengths.every((length) => Number.isInteger(length) && length >= 1);
  if (caches.length !== lengths.length || total !== time || !valid) {
    throw new RangeError(
      `packed: lengths ${JSON.stringify(lengths)} is invalid: expected ${caches.length} integers ≥ 1 ` +
        `(one per cache) summing to the input's ${time} positions`,
    );
  }
  const dModel = width / 3;
  const parts: tf.Tensor[] = [];
  let offset = 0;
  for (let first = 0; first < lengths.length;) {
    let end = first;
    while (end < lengths.length && lengths[end] === 1) end++;
    // A run of one-position sequences, or else one longer sequence.
    const sequences = end > first ? end - first : 1;
    const positions = end > first ? sequences : (lengths[first] ?? 0);
    const part = offset === 0 && positions === time ? qkv : tf.slice(qkv, [0, offset, 0], [1, positions, width]);
    const rows = end > first ? tf.reshape(part, [sequences, 1, width]) : part;
    const [q, k, v] = splitHeads(rows, spec.heads);
    const heads = attendWithCache(q, k, v, caches.slice(first, first + sequences), spec);
    parts.push(tf.reshape(mergeHeads(heads), [1, positions, dModel]));
    offset += positions;
    first += sequences;
  }
  const [only] = parts;
  return parts.length === 1 && only !== undefined ? only : tf.concat(parts, 1);
}
