import { type AttentionPattern, stridedWindow } from '@fewshot/config';
import * as tf from '@tensorflow/tfjs-core';
import { type AttentionPart, attendParts } from './attention-parts.js';
import { fixedParts } from './fixed-attention.js';
import { maskedPart } from './masked-attention.js';
import { queryBlockAttention } from './query-blocks.js';
import { stridedParts } from './strided-attention.js';

export interface AttendOptions {
  /** Position of the first query. The queries are the last `q.shape[2]` of the key positions. */
  readonly queryStart: number;
  /** Position of the first key (> 0 when a rolling cache has dropped older keys). */
  readonly keyStart: number;
  /** Multiplies the scores: 1/√headSize for GPT-2/3, 1 for GPT-Neo. */
  readonly scale: number;
  readonly dropout: number;
  readonly training: boolean;
}

/**
 * Queries per block of a long dense (causal) run. Blocks skip the keys after their last query;
 * smaller blocks skip more of them but run more, smaller kernels.
 */
export const DENSE_QUERY_BLOCK = 128;

/**
 * Causal self-attention of one layer under its pattern: `q` is `[batch, heads, queries, headSize]`,
 * `k` and `v` are `[batch, heads, keys, headSize]` and end at the same position as the queries.
 * Returns `[batch, heads, queries, headSize]`.
 *
 * Dense layers score every allowed pair (long runs in query blocks that skip the keys after
 * each block, {@link DENSE_QUERY_BLOCK}). Sparse layers with more queries than one block run
 * blockwise (see {@link queryBlockAttention}, {@link stridedParts}, {@link fixedParts}) so their cost
 * is that of the pattern; short query runs (decoding steps) score the few cached keys directly.
 */
export function attend(
  pattern: AttentionPattern,
  q: tf.Tensor,
  k: tf.Tensor,
  v: tf.Tensor,
  options: AttendOptions,
): tf.Tensor {
  return tf.tidy(() => {
    const scaled = options.scale === 1 ? q : tf.mul(q, options.scale);
    const queries = q.shape[2] ?? 0;
    if (pattern.type === 'local' && queries > pattern.window) {
      // Blocks of half a window score 1.5·window keys per query instead of 2·window for whole-window blocks.
      return queryBlockAttention(
        pattern,
        Math.max(1, pattern.window >> 1),
        scaled,
        k,
        v,
        options.queryStart,
        options.keyStart,
        options,
      );
    }
    if (pattern.type === 'dense' && queries > 2 * DENSE_QUERY_BLOCK) {
      return queryBlockAttention(
        pattern,
        DENSE_QUERY_BLOCK,
        scaled,
        k,
        v,
        options.queryStart,
        options.keyStart,
        options,
      );
    }
    return attendParts(selectParts(pattern, scaled, k, v, options), options);
  });
}

function selectParts(
  pattern: AttentionPattern,
  q: tf.Tensor,
  k: tf.Tensor,
  v: tf.Tensor,
  options: AttendOptions,
): AttentionPart[] {
  const { queryStart, keyStart } = options;
  const queries = q.shape[2] ?? 0;
  // The strided and fixed layouts are aligned to position 0 and need every key from there.
  const wholeSequence = queryStart === 0 && keyStart === 0;
  switch (pattern.type) {
    case 'dense':
    case 'local': // runs in query blocks in `attend` when longer than its window
      break;
    case 'strided': {
      const window = stridedWindow(pattern);
      if (wholeSequence && queries > Math.max(window, pattern.stride + 1))
        return stridedParts(pattern.stride, window, q, k, v);
      break;
    }
    case 'fixed':
      if (wholeSequence && queries > pattern.block) return fixedParts(pattern.block, pattern.summary, q, k, v);
      break;
  }
  return [maskedPart(pattern, q, k, v, queryStart, keyStart)];
}
