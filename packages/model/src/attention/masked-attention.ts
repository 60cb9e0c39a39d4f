import type { AttentionPattern } from '@fewshot/config';
import type * as tf from '@tensorflow/tfjs-core';
import { batchedMatMul } from '../ops/batched-matmul.js';
import type { AttentionPart } from './attention-parts.js';
import { patternBias } from './pattern-mask.js';

/**
 * Every query against every given key, with the pattern as a mask: `[queries × keys]` scores.
 * The path for dense layers, for short query runs (decoding steps) of any pattern, and the
 * reference the blockwise paths are tested against. Call inside a `tidy`.
 *
 * @param queryStart position of the first query; the queries are consecutive.
 * @param keyStart position of the first key; the keys are consecutive.
 */
export function maskedPart(
  pattern: AttentionPattern,
  q: tf.Tensor,
  k: tf.Tensor,
  v: tf.Tensor,
  queryStart: number,
  keyStart: number,
): AttentionPart {
  const queries = q.shape[2] ?? 0;
  const keys = k.shape[2] ?? 0;
  return {
    scores: batchedMatMul(q, k, true),
    bias: patternBias(pattern, queryStart, queries, keyStart, keys),
    combine: (probabilities) => batchedMatMul(probabilities, v),
  };
}
