import * as tf from '@tensorflow/tfjs-core';
import { type LayerVariable, initializers, layers } from '@tensorflow/tfjs-layers';
import { decodingProductFor } from '../ops/decoding-products.js';
import { asLeftOperand, inferenceMatMul, likeLeftOperand } from '../ops/inference-matmul.js';
import { INITIALIZER_STDDEV, type LayerArgs } from './layer-types.js';

/**
 * Vocabulary columns per block of the inference LM head (6 MB at dModel 768): see {@link
 * TokenEmbedding.inferenceLogits}.
 */
export const HEAD_BLOCK_COLUMNS = 2048;

export interface TokenEmbeddingArgs extends LayerArgs {
  vocabSize: number;
  dModel: number;
  /** Seed of the initial weights; omit for a random one. */
  seed?: number;
}

/**
 * The token embedding `[vocab, dModel]`, usable in both directions so the LM head can share it
 * (tied embeddings, as in GPT-2/3): token ids `[batch, time]` → vectors `[batch, time, dModel]`,
 * and hidden states `[batch, time, dModel]` → logits `[batch, time, vocab]`. The input's rank
 * says which.
 */
export class TokenEmbedding extends layers.Layer {
  static readonly className = 'FewshotTokenEmbedding';
  readonly vocabSize: number;
  readonly dModel: number;
  private readonly seed: number | undefined;
  private table: LayerVariable | undefined;
  /**
   * `[dModel, vocab]` copy of the table for inference logits, in column blocks, and the table value it was made from.
   */
  private transposed: { readonly of: object; readonly blocks: readonly tf.Tensor3D[] } | undefined;

  constructor(args: TokenEmbeddingArgs) {
    super(args);
    this.vocabSize = args.vocabSize;
    this.dModel = args.dModel;
    this.seed = args.seed;
  }

  override build(): void {
    this.table = this.addWeight(
      'weight',
      [this.vocabSize, this.dModel],
      'float32',
      initializers.randomNormal({ mean: 0, stddev: INITIALIZER_STDDEV, seed: this.seed }),
    );
    this.built = true;
  }

  /** The `[vocab, dModel]` table. */
  get weight(): LayerVariable {
    if (this.table === undefined) throw new Error(`layer ${this.name} is used before it is built`);
    return this.table;
  }

  /** Token ids `[batch, time]` → `[batch, time, dModel]`. */
  embed(ids: tf.Tensor): tf.Tensor {
    return tf.gather(this.weight.read(), tf.cast(ids, 'int32'));
  }

  /**
   * Hidden states `[batch, time, dModel]` → logits `[batch, time, vocab]`, differentiable with
   * respect to the table (the training path).
   */
  logits(hidden: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const [batch = 0, time = 0] = hidden.shape;
      const rows = tf.reshape(hidden, [-1, this.dModel]);
      return tf.reshape(tf.matMul(rows, this.weight.read(), false, true), [batch, time, this.vocabSize]);
    });
  }

  /**
   * The same logits for inference, against a transposed copy of the table kept until the
   * weights change: the WASM backend multiplies by a transposed operand about 13× slower than
   * by a plain one (2.7 vs 35 GFLOP/s measured for `[128, 768] × [768, 8192]`), and the LM head
   * is the largest matrix of a small model. Costs one more `[dModel, vocab]` of memory.
   *
   * The copy is kept in blocks of {@link HEAD_BLOCK_COLUMNS} vocabulary columns and many rows
   * are multiplied block by block: single-threaded XNNPACK computes a few rows against every
   * column before the next rows, so one `[dModel, 50257]` operand (154 MB) streamed from memory
   * once per few rows, while a block stays in cache for all of them. Every logit is the same dot
   * product in the same order either way.
   */
  inferenceLogits(hidden: tf.Tensor): tf.Tensor {
    const table = this.weight.read();
    const [batch = 0, time = 0] = hidden.shape;
    // A decoding product set for the table (`[vocab, dModel]`, used transposed) needs no copy.
    const decoding = decodingProductFor(table, undefined, batch * time);
    if (decoding !== undefined) return tf.tidy(() => decoding.multiply(hidden));
    if (this.transposed?.of !== table.dataId) {
      this.disposeTransposed();
      const blocks = tf.tidy(() => {
        const whole = tf.transpose(table);
        const out: tf.Tensor3D[] = [];
        for (let start = 0; start < this.vocabSize; start += HEAD_BLOCK_COLUMNS) {
          const columns = Math.min(HEAD_BLOCK_COLUMNS, this.vocabSize - start);
          // Rank 3, the right operand of the product kernel as it is (see `inferenceMatMul`).
          out.push(tf.reshape(tf.slice(whole, [0, start], [this.dModel, columns]), [1, this.dModel, columns]));
        }
        return out;
      });
      this.transposed = { of: table.dataId, blocks: blocks.map((block) => tf.keep(block)) };
    }
    const { blocks } = this.transposed;
    return tf.tidy(() => {
      const rows = asLeftOperand(hidden, this.dModel);
      const [only] = blocks;
      const logits =
        blocks.length === 1 && only !== undefined
          ? inferenceMatMul(rows, only)
          : tf.concat(
              blocks.map((block) => inferenceMatMul(rows, block)),
              2,
            );
      return likeLeftOperand(logits, hidden);
    });
  }

  private disposeTransposed(): void {
    if (this.transposed !== undefined) tf.dispose([...this.transposed.blocks]);
    this.transposed = undefined;
  }

  /**
   * Frees the table and its transposed copy. A tied embedding is applied twice in its model
   * (token ids in, logits out) and tfjs-layers counts each use, while the model's `dispose`
   * calls each layer's once: the table (147 MiB at GPT-2's vocabulary) stayed allocated after
   * the model was disposed. One call releases every use.
   */
  override dispose(): ReturnType<layers.Layer['dispose']> {
    this.disposeTransposed();
    let result = super.dispose();
    while (result.refCountAfterDispose > 0) result = super.dispose();
    return result;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const input = Array.isArray(inputs) ? inputs[0] : inputs;
    if (input === undefined) throw new Error(`layer ${this.name} expects one input tensor`);
    return input.rank === 2 ? this.embed(input) : this.logits(input);
  }

  override computeOutputShape(inputShape: (number | null)[]): (number | null)[] {
    return inputShape.length === 2 ? [...inputShape, this.dModel] : [...inputShape.slice(0, -1), this.vocabSize];
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), vocabSize: this.vocabSize, dModel: this.dModel };
  }
}

tf.serialization.registerClass(TokenEmbedding);
