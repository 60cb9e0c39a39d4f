import * as tf from '@tensorflow/tfjs-core';
import { type SoftmaxOptions, attendParts } from './attention-parts.js';
import { maskedPart } from './masked-attention.js';
import { concatSequence, sliceSequence } from './sequence-axis.js';

/** The patterns whose keys for a block of consecutive queries are one contiguous range. */
export type ContiguousPattern = { readonly type: 'dense' } | { readonly type: 'local'; readonly window: number };

/**
 * Causal attention one block of `block` queries at a time, each block against only the keys it
 * can see: for a local layer the last `window` positions, `block + window − 1` keys per block
 * (so time grows linearly with the number of queries and the score memory is that of one block
 * whatever the length), for a dense layer every key up to the block's last query (the causal upper
 * triangle beyond the block is never computed, about half of the n² products for long
 * sequences). A block's intermediates are released before the next one starts. The keys may
 * start anywhere at or before the first key a query needs (a rolling cache) and end with the
 * last query.
 */
export function queryBlockAttention(
  pattern: ContiguousPattern,
  block: number,
  q: tf.Tensor,
  k: tf.Tensor,
  v: tf.Tensor,
  queryStart: number,
  keyStart: number,
  options: SoftmaxOptions,
): tf.Tensor {
  if (!Number.isInteger(block) || block < 1)
    throw new RangeError(`block = ${block} is invalid: expected a positive integer`);
  const queries = q.shape[2] ?? 0;
  const outputs: tf.Tensor[] = [];
  for (let first = 0; first < queries; first += block) {
    outputs.push(
      tf.tidy(() => {
        const count = Math.min(block, queries - first);
        const blockStart = queryStart + first;
        const keyFrom = pattern.type === 'local' ? Math.max(keyStart, blockStart - pattern.window + 1) : keyStart;
        const keyCount = blockStart + count - keyFrom;
        const keys = sliceSequence(k, keyFrom - keyStart, keyCount);
        const values = sliceSequence(v, keyFrom - keyStart, keyCount);
        const part = maskedPart(pattern, sliceSequence(q, first, count), keys, values, blockStart, keyFrom);
        return attendParts([part], options);
      }),
    );
  }
  const output = concatSequence(outputs);
  tf.dispose(outputs);
  return output;
}
