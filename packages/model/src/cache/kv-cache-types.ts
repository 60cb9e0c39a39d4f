import type * as tf from '@tensorflow/tfjs-core';
import type { LayerKv } from './layer-kv.js';

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

/**
 * Several sequences in one forward pass, packed along the time axis of a one-row input:
 * sequence i takes the next `lengths[i]` positions and extends `caches[i]` (a mixed step of
 * decoding rows, one position each, and prefill chunks). The caches are distinct.
 */
export interface PackedCaches {
  readonly caches: readonly LayerKv[];
  readonly lengths: readonly number[];
}
