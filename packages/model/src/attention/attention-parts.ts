import * as tf from '@tensorflow/tfjs-core';

/**
 * One group of keys a block of queries attends to. Sparse patterns are unions of such groups
 * (a local band plus a strided column, an own block plus summary columns), each laid out so its
 * scores are a dense, small tensor; the softmax runs over all groups of a query together.
 */
export interface AttentionPart {
  /** `[batch, heads, queries, keysInPart]`, already scaled. */
  readonly scores: tf.Tensor;
  /** Additive mask broadcastable to `scores` (0 or {@link MASKED_SCORE}); undefined when every key is allowed. */
  readonly bias: tf.Tensor | undefined;
  /**
   * Weighted sum of this part's values for probabilities shaped like `scores` → `[batch, heads, queries, headSize]`.
   */
  readonly combine: (probabilities: tf.Tensor) => tf.Tensor;
}

export interface SoftmaxOptions {
  /** Dropout rate on the attention probabilities, applied only when `training`. */
  readonly dropout: number;
  readonly training: boolean;
}

/** Softmax over the union of the parts' keys, then each part's weighted values, summed. */
export function attendParts(parts: readonly AttentionPart[], options: SoftmaxOptions): tf.Tensor {
  return tf.tidy(() => {
    const masked = parts.map((part) => (part.bias === undefined ? part.scores : tf.add(part.scores, part.bias)));
    const [onlyPart] = parts;
    const [onlyScores] = masked;
    const single = parts.length === 1 && onlyPart !== undefined && onlyScores !== undefined;
    let probabilities = tf.softmax(single ? onlyScores : tf.concat(masked, -1));
    if (options.training && options.dropout > 0) probabilities = tf.dropout(probabilities, options.dropout);
    if (single) return onlyPart.combine(probabilities);
    // Sliced rather than `tf.split`: WASM's SplitV copies all the probabilities once per part.
    let offset = 0;
    return tf.addN(
      parts.map((part, i) => {
        const width = masked[i]?.shape.at(-1) ?? 0;
        const begin = [...probabilities.shape.slice(0, -1).map(() => 0), offset];
        offset += width;
        return part.combine(tf.slice(probabilities, begin, [...probabilities.shape.slice(0, -1), width]));
      }),
    );
  });
}
