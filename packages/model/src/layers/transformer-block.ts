import { ACTIVATIONS, type Activation, attends, type AttentionPattern, type LayerNormPosition } from '@fewshot/config';
import * as tf from '@tensorflow/tfjs-core';
import { type LayerVariable, initializers, layers } from '@tensorflow/tfjs-layers';
import { attend } from '../attention/attention.js';
import { appendSequence } from '../attention/sequence-axis.js';
import { cachedAttention, canAttendCached } from '../backends/wasm-cached-attention.js';
import { inferenceGelu } from '../backends/wasm-gelu.js';
import { LayerKv } from '../kv-cache.js';
import { activate } from '../ops/activations.js';
import { affine } from '../ops/affine.js';
import { inferenceLayerNorm } from '../backends/wasm-layer-norm.js';
import { layerNorm } from '../ops/layer-norm.js';
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

/** Keys and values of the positions a layer has already seen, `[batch, heads, keys, headSize]`. */
export interface PastKeyValues {
  readonly keys: tf.Tensor;
  readonly values: tf.Tensor;
  /** Position of the first key (later than 0 once a rolling cache has dropped old keys). */
  readonly start: number;
}

/**
 * The weights of one block, named as in a Hugging Face GPT-2 checkpoint (without `h.N.`); the
 * projections are stored `[in, out]` like GPT-2's Conv1D.
 */
export const BLOCK_WEIGHT_NAMES = [
  'ln_1.weight', 'ln_1.bias', 'attn.c_attn.weight', 'attn.c_attn.bias', 'attn.c_proj.weight', 'attn.c_proj.bias',
  'ln_2.weight', 'ln_2.bias', 'mlp.c_fc.weight', 'mlp.c_fc.bias', 'mlp.c_proj.weight', 'mlp.c_proj.bias',
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
            : initializers.randomNormal({ mean: 0, stddev: init, seed: seed === undefined ? undefined : seed + seedOffset++ });
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
    return tf.tidy(() => this.run(input, kwargs.training === true));
  }

  /**
   * The block over `x` `[batch, time, dModel]`: positions from 0, or following those `cache`
   * holds (inference only), to which this call's keys and values are appended; a one-position step
   * on WASM then attends to the cache's buffers in place. With one cache per row of `x` (a batched
   * decoding step, one position each), every row extends its own cache, whatever its length. Call
   * inside a `tidy`; the returned tensor
   * belongs to it. `inference` (never under a gradient tape) lets LayerNorm and GELU run as fused
   * kernels on WASM.
   */
  run(x: tf.Tensor, training: boolean, inference = false, cache?: LayerKv | readonly LayerKv[]): tf.Tensor {
    const { nHead, dModel, layerNormPosition, layerNormEpsilon: epsilon } = this.args;
    const normalise = inference ? inferenceLayerNorm : layerNorm;
    const norm = (input: tf.Tensor, which: 'ln_1' | 'ln_2'): tf.Tensor =>
      normalise(input, this.read(`${which}.weight`), this.read(`${which}.bias`), epsilon);
    const dropout = (input: tf.Tensor, rate: number): tf.Tensor =>
      training && rate > 0 ? tf.dropout(input, rate) : input;
    const [batch = 0, time = 0] = x.shape;
    const headSize = dModel / nHead;

    const attentionInput = layerNormPosition === 'pre' ? norm(x, 'ln_1') : x;
    const qkv = affine(attentionInput, this.read('attn.c_attn.weight'), this.params.get('attn.c_attn.bias')?.read());
    // [batch, time, 3·dModel] → three [batch, heads, time, headSize]
    // Sliced rather than `tf.split`: WASM's SplitV copies all of qkv once per part (see backends/wasm-slice.ts).
    // With one position (a decoding step) the head transposes move no data: plain reshapes, no copies.
    const [q, k, v] = [0, 1, 2].map((part) => {
      const slice = tf.slice(qkv, [0, 0, part * dModel], [-1, -1, dModel]);
      return time === 1 ? tf.reshape(slice, [batch, nHead, 1, headSize]) : tf.transpose(tf.reshape(slice, [batch, time, nHead, headSize]), [0, 2, 1, 3]);
    }) as [tf.Tensor, tf.Tensor, tf.Tensor];
    const single = cache === undefined || cache instanceof LayerKv;
    const heads = single ? this.attendCached(q, k, v, cache, training) : this.attendEach(q, k, v, cache);
    const merged = tf.reshape(time === 1 ? heads : tf.transpose(heads, [0, 2, 1, 3]), [batch, time, dModel]);
    const attended = affine(merged, this.read('attn.c_proj.weight'), this.read('attn.c_proj.bias'));
    let h = tf.add(x, dropout(attended, this.args.residualDropout));
    if (layerNormPosition === 'post') h = norm(h, 'ln_1');

    const mlpInput = layerNormPosition === 'pre' ? norm(h, 'ln_2') : h;
    const activation = inference && this.args.activation === 'gelu_new' ? inferenceGelu : (input: tf.Tensor): tf.Tensor => activate(this.args.activation, input);
    const hidden = activation(affine(mlpInput, this.read('mlp.c_fc.weight'), this.read('mlp.c_fc.bias')));
    const mlp = affine(hidden, this.read('mlp.c_proj.weight'), this.read('mlp.c_proj.bias'));
    let output = tf.add(h, dropout(mlp, this.args.residualDropout));
    if (layerNormPosition === 'post') output = norm(output, 'ln_2');
    return output;
  }

  /**
   * Attention of `q` `[batch, heads, time, headSize]` over `cache`'s keys and values followed by
   * `k`/`v`, which are then appended to it; a one-position step on WASM reads the cache's buffers
   * in place. Returns `[batch, heads, time, headSize]`.
   */
  private attendCached(
    q: tf.Tensor,
    k: tf.Tensor,
    v: tf.Tensor,
    cache: LayerKv | undefined,
    training: boolean,
  ): tf.Tensor {
    const time = q.shape[2] ?? 0;
    const headSize = q.shape[3] ?? 0;
    const scale = this.args.scaleAttentionScores ? 1 / Math.sqrt(headSize) : 1;
    if (cache !== undefined && time === 1 && canAttendCached(q)) {
      const queryStart = cache.start + cache.count;
      cache.append(k, v);
      return cachedAttention(q, [this.cachedBuffers(cache)], scale, [this.maskedKeys(cache, queryStart)]);
    }
    const previous = cache?.past();
    const queryStart = cache === undefined ? 0 : cache.start + cache.count;
    const all: PastKeyValues =
      previous === undefined
        ? { keys: k, values: v, start: queryStart }
        : { keys: appendSequence(previous.keys, k), values: appendSequence(previous.values, v), start: previous.start };
    const options = { queryStart, keyStart: all.start, scale, dropout: this.args.attentionDropout, training };
    const heads = attend(this.args.attention, q, all.keys, all.values, options);
    cache?.append(k, v);
    return heads;
  }

  /**
   * A decoding step of several sequences, row b of `q`, `k`, `v` (one position each) extending
   * `caches[b]`, whatever its length: on WASM one fused kernel over every cache's buffers, else
   * each row through {@link attendCached}.
   */
  private attendEach(q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, caches: readonly LayerKv[]): tf.Tensor {
    const [batch = 0, , time = 0, headSize = 0] = q.shape;
    if (time !== 1 || caches.length !== batch) {
      throw new Error(
        `layer ${this.name}: a batched step takes one position per sequence, ` +
          `got ${time} positions for ${batch} rows and ${caches.length} caches`,
      );
    }
    if (canAttendCached(q)) {
      const queryStarts = caches.map((cache) => cache.start + cache.count);
      caches.forEach((cache, b) => {
        cache.appendFrom(k, v, b);
      });
      const scale = this.args.scaleAttentionScores ? 1 / Math.sqrt(headSize) : 1;
      const buffers = caches.map((cache) => this.cachedBuffers(cache));
      return cachedAttention(q, buffers, scale, caches.map((cache, b) => this.maskedKeys(cache, queryStarts[b] ?? 0)));
    }
    const row = (tensor: tf.Tensor, b: number): tf.Tensor => tf.slice(tensor, [b, 0, 0, 0], [1, -1, -1, -1]);
    return tf.concat(caches.map((cache, b) => this.attendCached(row(q, b), row(k, b), row(v, b), cache, false)), 0);
  }

  private cachedBuffers(cache: LayerKv): NonNullable<ReturnType<LayerKv['buffers']>> {
    const buffers = cache.buffers();
    if (buffers === undefined) throw new Error(`layer ${this.name}: the cache holds no keys after an append`);
    return buffers;
  }

  /** The indices, among `cache`'s kept keys, that the query at `queryStart` may not see (strided and fixed layers). */
  private maskedKeys(cache: LayerKv, queryStart: number): number[] {
    const { attention } = this.args;
    const masked: number[] = [];
    if (attention.type === 'strided' || attention.type === 'fixed') {
      for (let j = 0; j < cache.count; j++) if (!attends(attention, queryStart, cache.start + j)) masked.push(j);
    }
    return masked;
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
