import { type AttentionPattern, attends, stridedWindow } from '@fewshot/config';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Added to the score of a pair a query may not attend to. Finite rather than −∞ so that a row
 * with no allowed key (only ever a padding row, which is sliced away) stays free of NaN; after
 * the row maximum is subtracted its exponent underflows to exactly 0.
 */
export const MASKED_SCORE = -1e9;

/**
 * Whether each query position attends to each key position under `pattern`, as a boolean tensor
 * broadcast from the two int32 position tensors. The same rule as `attends()` in @fewshot/config,
 * written with tensor ops so a whole score block is masked at once; keys at negative positions
 * (left padding) are never attended.
 */
export function patternMask(pattern: AttentionPattern, queryPositions: tf.Tensor, keyPositions: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const distance = tf.sub(queryPositions, keyPositions);
    const causal = tf.logicalAnd(tf.greaterEqual(distance, 0), tf.greaterEqual(keyPositions, 0));
    switch (pattern.type) {
      case 'dense':
        return causal;
      case 'local':
        return tf.logicalAnd(causal, tf.less(distance, pattern.window));
      case 'strided': {
        const band = tf.less(distance, stridedWindow(pattern));
        const column = tf.equal(tf.mod(distance, pattern.stride), 0);
        return tf.logicalAnd(causal, tf.logicalOr(band, column));
      }
      case 'fixed': {
        const { block, summary } = pattern;
        const sameBlock = tf.equal(tf.floorDiv(keyPositions, block), tf.floorDiv(queryPositions, block));
        // Negative keys are already excluded by `causal`; clamp so floor-mod stays in range.
        const summaryColumn = tf.greaterEqual(tf.mod(tf.relu(keyPositions), block), block - summary);
        return tf.logicalAnd(causal, tf.logicalOr(sameBlock, summaryColumn));
      }
    }
  });
}

/**
 * The additive score bias of consecutive queries from `queryStart` against consecutive keys from
 * `keyStart` under `pattern` — `maskToBias(patternMask(…))` for those positions — computed on the
 * host: `[queries, keys]`, or undefined when every pair is allowed (a decoding step against its
 * cache), so no bias is added at all. On WASM the tensor-op mask cost 5–10 ms per 128-query block
 * (broadcast int32 comparisons), a few percent of a 512-token prefill; this costs microseconds.
 */
export function patternBias(
  pattern: AttentionPattern,
  queryStart: number,
  queries: number,
  keyStart: number,
  keys: number,
): tf.Tensor2D | undefined {
  const bias = new Float32Array(queries * keys);
  let masked = false;
  for (let i = 0; i < queries; i++) {
    const row = i * keys;
    for (let j = 0; j < keys; j++) {
      if (!attends(pattern, queryStart + i, keyStart + j)) {
        bias[row + j] = MASKED_SCORE;
        masked = true;
      }
    }
  }
  return masked ? tf.tensor2d(bias, [queries, keys]) : undefined;
}

/** A boolean mask as an additive score bias: 0 where allowed, {@link MASKED_SCORE} elsewhere. */
export function maskToBias(mask: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.mul(tf.sub(1, tf.cast(mask, 'float32')), MASKED_SCORE));
}

/** Consecutive int32 positions `start … start + length − 1`. */
export function positions(start: number, length: number): tf.Tensor1D {
  return tf.range(start, start + length, 1, 'int32');
}
