import * as tf from '@tensorflow/tfjs-core';
import { batchedMatMul } from '../ops/batched-matmul.js';
import type { AttentionPart } from './attention-parts.js';
import { bandPart } from './local-attention.js';
import { maskToBias, positions } from './pattern-mask.js';
import { mergeBlocks, resizeSequence, sliceSequence, splitBlocks } from './sequence-axis.js';

/**
 * The strided pattern of a whole sequence from position 0, at the cost of the pattern:
 * A1(i) = {i−w+1 … i} is a band of width w (see {@link bandPart}; the paper's w is l+1);
 * A2(i) = {j : (i−j) mod l = 0} is dense causal attention within each residue class mod l,
 * computed by laying the sequence out as a `[n/l × l]` grid and attending down its columns —
 * `[n × n/l]` scores in all. Column keys i − m·l with m·l < w already lie in the band and are
 * masked here so no pair is counted twice. Call inside a `tidy`.
 */
export function stridedParts(
  stride: number,
  window: number,
  q: tf.Tensor,
  k: tf.Tensor,
  v: tf.Tensor,
): AttentionPart[] {
  const length = q.shape[2] ?? 0;
  const rows = Math.ceil(length / stride);
  const padded = rows * stride;
  // [b, h, rows·l, d] → [b, h, l, rows, d]: one causal sequence per residue class.
  const toColumns = (x: tf.Tensor): tf.Tensor =>
    tf.transpose(splitBlocks(resizeSequence(x, 0, padded - length), stride), [0, 1, 3, 2, 4]);
  const fromColumns = (x: tf.Tensor): tf.Tensor =>
    sliceSequence(mergeBlocks(tf.transpose(x, [0, 1, 3, 2, 4])), 0, length);
  const valueColumns = toColumns(v);
  const scores = fromColumns(batchedMatMul(toColumns(q), toColumns(k), true));

  // Query i sits in grid row ⌊i/l⌋; key row r is i − m·l with m = ⌊i/l⌋ − r, outside the band when m·l ≥ w.
  const queryRow = tf.reshape(tf.floorDiv(positions(0, length), stride), [length, 1]);
  const keyRow = tf.reshape(positions(0, rows), [1, rows]);
  const bias = maskToBias(tf.greaterEqual(tf.sub(queryRow, keyRow), Math.ceil(window / stride)));

  const column: AttentionPart = {
    scores,
    bias,
    combine: (probabilities) => {
      const grid = tf.transpose(
        splitBlocks(resizeSequence(probabilities, 0, padded - length), stride),
        [0, 1, 3, 2, 4],
      );
      return fromColumns(batchedMatMul(grid, valueColumns));
    },
  };
  return [bandPart(window, q, k, v, 0, 0), column];
}
