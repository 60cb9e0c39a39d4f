import { type Tensor, serialization } from '@tensorflow/tfjs-core';
import { type LayerVariable, initializers, layers } from '@tensorflow/tfjs-layers';
import { layerNorm } from '../ops/layer-norm.js';
import type { LayerArgs } from './layer-types.js';

export interface LayerNormArgs extends LayerArgs {
  epsilon: number;
}

/** LayerNorm over the last axis with a learned gain and bias (the final `ln_f` of GPT-2/3). */
export class LayerNorm extends layers.Layer {
  static readonly className = 'FewshotLayerNorm';
  readonly epsilon: number;
  private gain: LayerVariable | undefined;
  private shift: LayerVariable | undefined;

  constructor(args: LayerNormArgs) {
    super(args);
    this.epsilon = args.epsilon;
  }

  override build(inputShape: (number | null)[]): void {
    const size = inputShape.at(-1);
    if (typeof size !== 'number')
      throw new Error(`layer ${this.name} needs a known last dimension, got ${JSON.stringify(inputShape)}`);
    this.gain = this.addWeight('weight', [size], 'float32', initializers.ones());
    this.shift = this.addWeight('bias', [size], 'float32', initializers.zeros());
    this.built = true;
  }

  /** `[gain, bias]`. */
  get variables(): [LayerVariable, LayerVariable] {
    if (this.gain === undefined || this.shift === undefined)
      throw new Error(`layer ${this.name} is used before it is built`);
    return [this.gain, this.shift];
  }

  override call(inputs: Tensor | Tensor[]): Tensor {
    const input = Array.isArray(inputs) ? inputs[0] : inputs;
    if (input === undefined) throw new Error(`layer ${this.name} expects one input tensor`);
    const [gain, shift] = this.variables;
    return layerNorm(input, gain.read(), shift.read(), this.epsilon);
  }

  override getConfig(): serialization.ConfigDict {
    return { ...super.getConfig(), epsilon: this.epsilon };
  }
}

serialization.registerClass(LayerNorm);
