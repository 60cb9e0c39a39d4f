import * as tf from '@tensorflow/tfjs-core';
import type { PackedCaches } from '../cache/kv-cache-types.js';
import { fusedOpsFor } from '../ops/fused-ops.js';
import { type CachedAttentionSpec, attendWithCache, fusedPositions } from './cached-attention.js';
import { mergeHeads, splitHeads } from './heads.js';

/**
 * Most positions of one sequence that attend through the fused kernel, a query per row; a longer
 * prompt chunk attends through tensor products (`attend`), which are faster for many queries.
 */
export const FUSED_MAX_POSITIONS = 16;

/**
 * Attention of sequences packed along the time axis (see {@link PackedCaches}), each over its own
 * cache, which it extends: `qkv` `[1, time, 3·dModel]` → `[1, time, dModel]`. The projections
 * before and after run once for all of them. Where fused operations are installed, the leading
 * sequences of at most {@link FUSED_MAX_POSITIONS} positions — decoding rows and short prompt
 * chunks — attend in one kernel (`fusedPositions`), a query per row; any other sequence attends
 * over its cache alone (`attendWithCache`), and without fused operations each run of
 * one-position sequences is one batched step of `attendWithCache`.
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
  const ops = fusedOpsFor(qkv);
  const parts: tf.Tensor[] = [];
  let offset = 0;
  /** Positions `offset…offset+positions−1` of `qkv`, as rows `[positions, heads, 1, headSize]` or one run. */
  const take = (positions: number, asRows: boolean): [tf.Tensor, tf.Tensor, tf.Tensor] => {
    const part = offset === 0 && positions === time ? qkv : tf.slice(qkv, [0, offset, 0], [1, positions, width]);
    return splitHeads(asRows ? tf.reshape(part, [positions, 1, width]) : part, spec.heads);
  };
  const merged = (heads: tf.Tensor, positions: number): tf.Tensor =>
    tf.reshape(mergeHeads(heads), [1, positions, dModel]);
  let first = 0;
  if (ops !== undefined) {
    let positions = 0;
    for (; first < lengths.length && (lengths[first] ?? 0) <= FUSED_MAX_POSITIONS; first++) {
      positions += lengths[first] ?? 0;
    }
    if (first > 0) {
      const [q, k, v] = take(positions, true);
      parts.push(
        merged(fusedPositions(ops, q, k, v, caches.slice(0, first), lengths.slice(0, first), spec), positions),
      );
      offset = positions;
    }
  }
  while (first < lengths.length) {
    let end = first;
    while (end < lengths.length && lengths[end] === 1) end++;
    // A run of one-position sequences (one batched step), or else one longer sequence.
    const sequences = end > first ? end - first : 1;
    const positions = end > first ? sequences : (lengths[first] ?? 0);
    const [q, k, v] = take(positions, end > first);
    parts.push(merged(attendWithCache(q, k, v, caches.slice(first, first + sequences), spec), positions));
    offset += positions;
    first += sequences;
  }
  const [only] = parts;
  return parts.length === 1 && only !== undefined ? only : tf.concat(parts, 1);
}
