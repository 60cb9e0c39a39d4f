import * as tf from '@tensorflow/tfjs-core';
import type { KvCache } from './cache/kv-cache.js';
import type { GptLayers } from './gpt-model.js';
import type { TokenIds } from './token-ids.js';

/**
 * The hidden states `[1, rows, dModel]` after the last id of each row, row i extending
 * `caches[i]` (advanced in place) by `rows[i]`: every row's ids packed along the time axis of one
 * input `[1, total, dModel]`, so the projections and MLPs run once for all of them and each
 * sequence attends over its own cache (see `attendPacked`). Call inside a `tidy`.
 */
export function packedLastStates(layers: GptLayers, rows: readonly TokenIds[], caches: readonly KvCache[]): tf.Tensor {
  const { tokenEmbedding, positionEmbedding, blocks } = layers;
  const lengths = rows.map((row) => row.length);
  const ids = rows.flatMap((row) => Array.from(row));
  const positions = rows.flatMap((row, i) => Array.from(row, (_, j) => (caches[i]?.length ?? 0) + j));
  const time = ids.length;
  const dModel = tokenEmbedding.dModel;
  const tokens = tokenEmbedding.embed(tf.tensor2d(ids, [1, time], 'int32'));
  const embedded = tf.gather(positionEmbedding.weight.read(), tf.tensor1d(positions, 'int32'));
  let x = tf.add(tokens, tf.reshape(embedded, [1, time, dModel]));
  blocks.forEach((block, layer) => {
    x = block.run(x, { inference: true, cache: { caches: caches.map((cache) => cache.entry(layer)), lengths } });
  });
  caches.forEach((cache, i) => {
    cache.advance(lengths[i] ?? 0);
  });
  if (time === rows.length) return x;
  let end = 0;
  const last = lengths.map((length) => (end += length) - 1);
  return tf.gather(x, tf.tensor1d(last, 'int32'), 1);
}
