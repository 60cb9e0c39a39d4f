import * as tf from '@tensorflow/tfjs-core';
import { batchedMatMul } from '../ops/batched-matmul.js';
import type { AttentionPart } from './attention-parts.js';
import { maskToBias, patternMask, positions } from './pattern-mask.js';
import { mergeBlocks, resizeSequence, sliceSequence, splitBlocks } from './sequence-axis.js';

/**
 * The band `{i − window + 1 … i}` as one part of a union pattern (strided's A1), vectorised:
 * queries are cut into blocks of `window` positions and each block is scored against its own
 * block and the one before it, the smallest aligned span that holds every key the block needs.
 * Scores are `[queries × 2·window]`, never `[n × n]`. Call inside a `tidy`.
 *
 * The keys may start anywhere at or before `queryStart − window + 1` (a rolling cache) and must
 * end with the last query; keys before `keyStart` are padding and masked.
 */
export function bandPart(
  window: number,
  q: tf.Tensor,
  k: tf.Tensor,
  v: tf.Tensor,
  queryStart: number,
  keyStart: number,
): AttentionPart {
  const queries = q.shape[2] ?? 0;
  const size = window;
  const blocks = Math.ceil(queries / size);
  // Aligned keys cover positions [queryStart − size, queryStart + blocks · size).
  const alignedStart = queryStart - size;
  const keyEnd = keyStart + (k.shape[2] ?? 0);
  const align = (x: tf.Tensor): tf.Tensor =>
    resizeSequence(x, keyStart - alignedStart, queryStart + blocks * size - keyEnd);
  // Block i's keys: aligned block i (the one before the query block) followed by aligned block i+1.
  const chunk = (x: tf.Tensor): tf.Tensor => {
    const aligned = align(x);
    const previous = splitBlocks(sliceSequence(aligned, 0, blocks * size), size);
    const current = splitBlocks(sliceSequence(aligned, size, blocks * size), size);
    return tf.concat([previous, current], 3);
  };
  const keyChunks = chunk(k);
  const valueChunks = chunk(v);
  const queryBlocks = splitBlocks(resizeSequence(q, 0, blocks * size - queries), size);
  const scores = sliceSequence(mergeBlocks(batchedMatMul(queryBlocks, keyChunks, true)), 0, queries);

  const rows = blocks * size;
  const queryPositions = tf.reshape(positions(queryStart, rows), [rows, 1]);
  const chunkStart = tf.add(tf.mul(tf.sub(tf.floorDiv(positions(0, rows), size), 1), size), queryStart);
  const keyPositions = tf.add(tf.reshape(chunkStart, [rows, 1]), tf.reshape(positions(0, 2 * size), [1, 2 * size]));
  const allowed = tf.logicalAnd(
    patternMask({ type: 'local', window }, queryPositions, keyPositions),
    tf.greaterEqual(keyPositions, keyStart),
  );
  const bias = tf.slice(maskToBias(allowed), [0, 0], [queries, 2 * size]);

  return {
    scores,
    bias,
    combine: (probabilities) => {
      const padded = splitBlocks(resizeSequence(probabilities, 0, rows - queries), size);
      return sliceSequence(mergeBlocks(batchedMatMul(padded, valueChunks)), 0, queries);
    },
  };
}
