import * as tf from '@tensorflow/tfjs-core';

/**
 * Mean next-token cross-entropy (nats) of `logits` `[batch, time, vocab]` against `targets`
 * `[batch, time]`, with the gradient written out: `(softmax(logits) − onehot(targets)) / rows`.
 * Differentiating `logSumExp` through the tape instead costs a broadcast `Equal` over all
 * `[rows, vocab]` logits (the gradient of its max), which alone took ~12% of a training step
 * on WASM; the closed form needs one softmax and one one-hot.
 */
export function languageModelLoss(logits: tf.Tensor, targets: tf.Tensor): tf.Scalar {
  const vocab = logits.shape[logits.rank - 1] ?? 0;
  const loss = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [input, save] = args as [tf.Tensor, tf.GradSaveFunc];
    const rows = tf.reshape(input, [-1, vocab]);
    const targetRows = tf.cast(tf.reshape(targets, [-1]), 'int32');
    const count = rows.shape[0];
    const logNormalizer = tf.logSumExp(rows, 1, true);
    const flatIndex = tf.add(tf.mul(tf.range(0, count, 1, 'int32'), tf.scalar(vocab, 'int32')), targetRows);
    const targetLogits = tf.gather(tf.reshape(rows, [-1]), flatIndex);
    save([rows, targetRows]);
    return {
      value: tf.mean<tf.Scalar>(tf.sub(tf.reshape(logNormalizer, [-1]), targetLogits)),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [savedRows, savedTargets] = saved as [tf.Tensor, tf.Tensor];
        // The Softmax kernel rather than exp(rows − logNormalizer): on WASM it is several times faster than Exp.
        const probabilities = tf.softmax(savedRows);
        const oneHot = tf.oneHot(savedTargets, vocab);
        const gradient = tf.mul(tf.sub(probabilities, oneHot), tf.div(dy, count));
        return tf.reshape(gradient, input.shape);
      },
    };
  });
  return loss(logits);
}
