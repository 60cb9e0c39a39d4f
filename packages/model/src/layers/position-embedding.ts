import * as tf from '@tensorflow/tfjs-core';
import { type LayerVariable, initializers, layers } from '@tensorflow/tfjs-layers';
import { INITIALIZER_STDDEV, type LayerArgs } from './layer-types.js';

export interface PositionEmbeddingArgs extends LayerArgs {
  contextLength: number;
  dModel: number;
  seed?: number;
}

/** Learned absolute positions `[contextLength, dModel]`, added to the token vectors. */
export class PositionEmbedding extends layers.Layer {
  static readonly className = 'FewshotPositionEmbedding';
  readonly contextLength: number;
  readonly dModel: number;
  private readonly seed: number | undefined;
  private table: LayerVariable | undefined;

  constructor(args: PositionEmbeddingArgs) {
    super(args);
    this.contextLength = args.contextLength;
    this.dModel = args.dModel;
    this.seed = args.seed;
  }

  override build(): void {
    this.table = this.addWeight(
      'weight',
      [this.contextLength, this.dModel],
      'float32',
      initializers.randomNormal({ mean: 0, stddev: INITIALIZER_STDDEV, seed: this.seed }),
    );
    this.built = true;
  }

  get weight(): LayerVariable {
    if (this.table === undefined) throw new Error(`layer ${this.name} is used before it is built`);
    return this.table;
  }

  /** Adds the embeddings of positions `start … start + time − 1` to `x` `[batch, time, dModel]`. */
  addPositions(x: tf.Tensor, start: number): tf.Tensor {
    const time = x.shape[1] ?? 0;
    if (start < 0 || start + time > this.contextLength) {
      throw new RangeError(
        `positions ${start}…${start + time - 1} are outside the context: contextLength is ${this.contextLength}`,
      );
    }
    return tf.tidy(() => tf.add(x, tf.slice(this.weight.read(), [start, 0], [time, this.dModel])));
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const input = Array.isArray(inputs) ? inputs[0] : inputs;
    if (input === undefined) throw new Error(`layer ${this.name} expects one input tensor`);
    return this.addPositions(input, 0);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), contextLength: this.contextLength, dModel: this.dModel };
  }
}

tf.serialization.registerClass(PositionEmbedding);
