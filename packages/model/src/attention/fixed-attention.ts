import * as tf from '@tensorflow/tfjs-core';
import { batchedMatMul } from '../ops/batched-matmul.js';
import type { AttentionPart } from './attention-parts.js';
import { maskToBias, positions } from './pattern-mask.js';
import { mergeBlocks, resizeSequence, sliceSequence, splitBlocks } from './sequence-axis.js';

/**
 * The fixed pattern of a whole sequence from position 0, at the cost of the pattern:
 * A1(i) is the query's own block of `block` positions, scored block by block (`[n × block]`);
 * A2(i) is the last `summary` positions of every earlier block, gathered once into a
 * `[n/block · summary]` key list that every query scores (`[n × n·summary/block]`). Summary
 * positions of the query's own block belong to A1 and are masked in A2. Call inside a `tidy`.
 */
export function fixedParts(block: number, summary: number, q: tf.Tensor, k: tf.Tensor, v: tf.Tensor): AttentionPart[] {
  const length = q.shape[2] ?? 0;
  const blocks = Math.ceil(length / block);
  const padded = blocks * block;
  const toBlocks = (x: tf.Tensor): tf.Tensor => splitBlocks(resizeSequence(x, 0, padded - length), block);

  const valueBlocks = toBlocks(v);
  const ownScores = sliceSequence(mergeBlocks(batchedMatMul(toBlocks(q), toBlocks(k), true)), 0, length);
  const row = tf.reshape(tf.mod(positions(0, length), block), [length, 1]);
  const own: AttentionPart = {
    scores: ownScores,
    bias: maskToBias(tf.lessEqual(tf.reshape(positions(0, block), [1, block]), row)),
    combine: (probabilities) =>
      sliceSequence(mergeBlocks(batchedMatMul(toBlocks(probabilities), valueBlocks)), 0, length),
  };

  // Summary columns of every block but the last, which no later block exists to read.
  const summaryPositions: number[] = [];
  for (let start = 0; start + block < length; start += block) {
    for (let j = start + block - summary; j < start + block; j++) summaryPositions.push(j);
  }
  if (summaryPositions.length === 0) return [own];
  const index = tf.tensor1d(summaryPositions, 'int32');
  const summaryValues = tf.gather(v, index, 2);
  const queryBlock = tf.reshape(tf.floorDiv(positions(0, length), block), [length, 1]);
  const keyBlock = tf.reshape(tf.floorDiv(index, block), [1, summaryPositions.length]);
  const summaries: AttentionPart = {
    scores: batchedMatMul(q, tf.gather(k, index, 2), true),
    bias: maskToBias(tf.less(keyBlock, queryBlock)),
    combine: (probabilities) => batchedMatMul(probabilities, summaryValues),
  };
  return [own, summaries];
}
