import * as tf from '@tensorflow/tfjs-core';
import { type LayerVariable, initializers, layers } from '@tensorflow/tfjs-layers';
import { INITIALIZER_STDDEV, type LayerArgs } from './layer-types.js';

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

  /** Hidden states `[batch, time, dModel]` → logits `[batch, time, vocab]`. */
  logits(hidden: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const [batch = 0, time = 0] = hidden.shape;
      const rows = tf.reshape(hidden, [-1, this.dModel]);
      return tf.reshape(tf.matMul(rows, this.weight.read(), false, true), [batch, time, this.vocabSize]);
    });
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const input = Array.isArray(inputs) ? inputs[0] : inputs;
    if (input === undefined) throw new Error(`layer ${this.name} expects one input tensor`);
    return input.rank === 2 ? this.embed(input) : this.logits(input);
  }

  override computeOutputShape(inputShape: (number | null)[]): (number | null)[] {
    return inputShape.length === 2
      ? [...inputShape, this.dModel]
      : [...inputShape.slice(0, -1), this.vocabSize];
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), vocabSize: this.vocabSize, dModel: this.dModel };
  }
}

tf.serialization.registerClass(TokenEmbedding);
