import type * as tf from '@tensorflow/tfjs-core';

/** Keys and values of the positions a layer has already seen, `[batch, heads, keys, headSize]`. */
export interface PastKeyValues {
  readonly keys: tf.Tensor;
  readonly values: tf.Tensor;
  /** Position of the first key (later than 0 once a rolling cache has dropped old keys). */
  readonly start: number;
}

/**
 * A layer cache's preallocated buffers, `[batch·heads, capacity, headSize]`, whose positions
 * `begin … begin + count − 1` are filled: what an attention kernel reads in place.
 */
export interface CacheBuffers {
  readonly keys: tf.Tensor;
  readonly values: tf.Tensor;
  readonly begin: number;
  readonly count: number;
}
