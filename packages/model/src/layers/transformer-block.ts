import { ACTIVATIONS, type Activation, type AttentionPattern, type LayerNormPosition } from '@fewshot/config';
import * as tf from '@tensorflow/tfjs-core';
import { type LayerVariable, initializers, layers } from '@tensorflow/tfjs-layers';
import type { PackedCaches } from '../cache/kv-cache-types.js';
import type { LayerKv } from '../cache/layer-kv.js';
import { activate, inferenceActivation } from '../ops/activations.js';
import { affine } from '../ops/affine.js';
import { inferenceLayerNorm, layerNorm } from '../ops/layer-norm.js';
import { type AttentionSpec, type AttentionWeights, causalSelfAttention } from './causal-self-attention.js';
import { INITIALIZER_STDDEV, type Kwargs, type LayerArgs, restoreOption } from './layer-types.js';

export interface TransformerBlockArgs extends LayerArgs {
  dModel: number;
  nHead: number;
  dFf: number;
  activation: Activation;
  layerNormEpsilon: number;
  layerNormPosition: LayerNormPosition;
  attention: AttentionPattern;
  scaleAttentionScores: boolean;
  qkvBias: boolean;
  attentionDropout: number;
  residualDropout: number;
  /**
   * Standard deviation of the output projections' initial weights. GPT-2 uses
   * 0.02/√(2·nLayer) so the residual stream's variance does not grow with depth.
   */
  projectionStddev?: number;
  seed?: number;
}

export interface BlockRunOptions {
  /** Dropout acts only while training. */
  readonly training?: boolean;
  /** Never under a gradient tape: LayerNorm and GELU may run as fused kernels (see `FusedOps`). */
  readonly inference?: boolean;
  /** The layer's cache, or one per sequence packed in the input (a batched step; inference only). */
  readonly cache?: LayerKv | PackedCaches;
}

/**
 * The weights of one block, named as in a Hugging Face GPT-2 checkpoint (without `h.N.`); the
 * projections are stored `[in, out]` like GPT-2's Conv1D.
 */
export const BLOCK_WEIGHT_NAMES = [
  'ln_1.weight',
  'ln_1.bias',
  'attn.c_attn.weight',
  'attn.c_attn.bias',
  'attn.c_proj.weight',
  'attn.c_proj.bias',
  'ln_2.weight',
  'ln_2.bias',
  'mlp.c_fc.weight',
  'mlp.c_fc.bias',
  'mlp.c_proj.weight',
  'mlp.c_proj.bias',
] as const;
export type BlockWeightName = (typeof BLOCK_WEIGHT_NAMES)[number];

/**
 * One transformer block: causal self-attention under the layer's pattern, then the feed-forward
 * MLP, each joined to the residual stream — LayerNorm before each (GPT-2/3, `pre`) or after each
 * residual add (GPT-1, `post`). Dropout acts only when `training`.
 */
export class TransformerBlock extends layers.Layer {
  static readonly className = 'FewshotTransformerBlock';
  readonly args: Readonly<TransformerBlockArgs>;
  private readonly params = new Map<BlockWeightName, LayerVariable>();

  constructor(args: TransformerBlockArgs) {
    super(args);
    this.args = { ...args, activation: restoreOption('activation', args.activation, ACTIVATIONS) };
  }

  override build(): void {
    const { dModel, dFf, seed, qkvBias } = this.args;
    const projectionStddev = this.args.projectionStddev ?? INITIALIZER_STDDEV;
    let seedOffset = 0;
    // 'ones' and 'zeros' for LayerNorm gains and biases, a standard deviation for N(0, σ²) weights.
    const add = (name: BlockWeightName, shape: number[], init: 'ones' | 'zeros' | number): void => {
      const initializer =
        init === 'ones'
          ? initializers.ones()
          : init === 'zeros'
            ? initializers.zeros()
            : initializers.randomNormal({
                mean: 0,
                stddev: init,
                seed: seed === undefined ? undefined : seed + seedOffset++,
              });
      this.params.set(name, this.addWeight(name, shape, 'float32', initializer));
    };
    add('ln_1.weight', [dModel], 'ones');
    add('ln_1.bias', [dModel], 'zeros');
    add('attn.c_attn.weight', [dModel, 3 * dModel], INITIALIZER_STDDEV);
    if (qkvBias) add('attn.c_attn.bias', [3 * dModel], 'zeros');
    add('attn.c_proj.weight', [dModel, dModel], projectionStddev);
    add('attn.c_proj.bias', [dModel], 'zeros');
    add('ln_2.weight', [dModel], 'ones');
    add('ln_2.bias', [dModel], 'zeros');
    add('mlp.c_fc.weight', [dModel, dFf], INITIALIZER_STDDEV);
    add('mlp.c_fc.bias', [dFf], 'zeros');
    add('mlp.c_proj.weight', [dFf, dModel], projectionStddev);
    add('mlp.c_proj.bias', [dModel], 'zeros');
    this.built = true;
  }

  /** The block's weights by name; `attn.c_attn.bias` is absent without q/k/v biases. */
  get namedWeights(): ReadonlyMap<BlockWeightName, LayerVariable> {
    return this.params;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    const input = Array.isArray(inputs) ? inputs[0] : inputs;
    if (input === undefined) throw new Error(`layer ${this.name} expects one input tensor`);
    return tf.tidy(() => this.run(input, { training: kwargs.training === true }));
  }

  /**
   * The block over `x` `[batch, time, dModel]` (nanoGPT's `Block.forward`): attention, then the
   * MLP, each added to the residual stream. Positions start at 0, or follow those `cache` holds
   * (or several sequences packed in `x`, each with its cache; see `causalSelfAttention`). Call
   * inside a `tidy`; the returned tensor belongs to it.
   */
  run(x: tf.Tensor, options: BlockRunOptions = {}): tf.Tensor {
    const { training = false, inference = false, cache } = options;
    const pre = this.args.layerNormPosition === 'pre';
    const attentionInput = pre ? this.normalize(x, 'ln_1', inference) : x;
    const weights = this.attentionWeights();
    const attended = causalSelfAttention(attentionInput, weights, this.attentionSpec(), training, cache, inference);
    let h = tf.add(x, this.dropout(attended, training));
    if (!pre) h = this.normalize(h, 'ln_1', inference);
    const mlp = this.mlp(pre ? this.normalize(h, 'ln_2', inference) : h, inference);
    let output = tf.add(h, this.dropout(mlp, training));
    if (!pre) output = this.normalize(output, 'ln_2', inference);
    return output;
  }

  /** The feed-forward MLP (GPT-2's `mlp`): `c_fc`, the activation, `c_proj`. */
  mlp(x: tf.Tensor, inference = false): tf.Tensor {
    const hidden = affine(x, this.read('mlp.c_fc.weight'), this.read('mlp.c_fc.bias'), inference);
    const { activation } = this.args;
    const activated = inference ? inferenceActivation(activation, hidden) : activate(activation, hidden);
    return affine(activated, this.read('mlp.c_proj.weight'), this.read('mlp.c_proj.bias'), inference);
  }

  /** LayerNorm `ln_1` or `ln_2` of `x`; `inference` (never under a tape) allows a fused kernel. */
  normalize(x: tf.Tensor, which: 'ln_1' | 'ln_2', inference = false): tf.Tensor {
    const norm = inference ? inferenceLayerNorm : layerNorm;
    return norm(x, this.read(`${which}.weight`), this.read(`${which}.bias`), this.args.layerNormEpsilon);
  }

  attentionWeights(): AttentionWeights {
    return {
      qkv: this.read('attn.c_attn.weight'),
      qkvBias: this.params.get('attn.c_attn.bias')?.read(),
      projection: this.read('attn.c_proj.weight'),
      projectionBias: this.read('attn.c_proj.bias'),
    };
  }

  attentionSpec(): AttentionSpec {
    const { nHead, dModel, attention, scaleAttentionScores, attentionDropout } = this.args;
    const scale = scaleAttentionScores ? 1 / Math.sqrt(dModel / nHead) : 1;
    return { heads: nHead, pattern: attention, scale, dropout: attentionDropout };
  }

  private dropout(x: tf.Tensor, training: boolean): tf.Tensor {
    const rate = this.args.residualDropout;
    return training && rate > 0 ? tf.dropout(x, rate) : x;
  }

  private read(name: BlockWeightName): tf.Tensor {
    const variable = this.params.get(name);
    if (variable === undefined) throw new Error(`layer ${this.name} has no weight ${name}; was it built?`);
    return variable.read();
  }

  override getConfig(): tf.serialization.ConfigDict {
    const { args } = this;
    return {
      ...super.getConfig(),
      dModel: args.dModel,
      nHead: args.nHead,
      dFf: args.dFf,
      activation: args.activation,
      layerNormEpsilon: args.layerNormEpsilon,
      layerNormPosition: args.layerNormPosition,
      attention: { ...args.attention },
      scaleAttentionScores: args.scaleAttentionScores,
      qkvBias: args.qkvBias,
      attentionDropout: args.attentionDropout,
      residualDropout: args.residualDropout,
    };
  }
}

tf.serialization.registerClass(TransformerBlock);
