import { type ModelConfig, createModelConfig } from '@fewshot/config';
import * as tf from '@tensorflow/tfjs-core';
import { type LayerVariable, type LayersModel, input, layers, model as functionalModel } from '@tensorflow/tfjs-layers';
import { KvCache } from './cache/kv-cache.js';
import type { TensorData } from './checkpoint/tensor-data.js';
import { LayerNorm } from './layers/layer-norm.js';
import { INITIALIZER_STDDEV } from './layers/layer-types.js';
import { PositionEmbedding } from './layers/position-embedding.js';
import { TokenEmbedding } from './layers/token-embedding.js';
import { TransformerBlock } from './layers/transformer-block.js';
import { affine } from './ops/affine.js';
import { inferenceLayerNorm } from './ops/layer-norm.js';
import { packedLastStates } from './packed-step.js';
import { type TokenIds, checkTokenIds } from './token-ids.js';

export interface CreateModelOptions {
  /** Seed of the initial weights, for reproducible random models; omit for a random one. */
  readonly seed?: number;
}

export interface ForwardResult {
  /** `[ids.length, vocabSize]`: row t holds the logits of the token after `ids[t]`. The caller disposes it. */
  readonly logits: tf.Tensor2D;
}

/** Default of {@link GptModel.prefillChunk}. */
const DEFAULT_PREFILL_CHUNK = 512;

/** Key under which the model config travels in a saved LayersModel's user-defined metadata. */
const CONFIG_METADATA_KEY = 'fewshotModelConfig';

/** The layers of a {@link GptModel}, in the order the forward pass runs them. */
export interface GptLayers {
  readonly tokenEmbedding: TokenEmbedding;
  readonly positionEmbedding: PositionEmbedding;
  readonly blocks: readonly TransformerBlock[];
  /** Absent for post-LayerNorm (GPT-1) models, whose blocks already end normalised. */
  readonly finalNorm: LayerNorm | undefined;
  /** Absent when the LM head is tied to the token embedding. */
  readonly head: layers.Layer | undefined;
}

/**
 * A decoder-only transformer as a config describes it (GPT-1/2/3, GPT-Neo), built from
 * tfjs-layers layers. `layersModel` is the whole network as a functional LayersModel (token ids
 * `[batch, time]` → logits `[batch, time, vocab]`) for training and for `save`/`tf.loadLayersModel`;
 * `forward` runs the same layers eagerly with a {@link KvCache} for incremental decoding.
 */
export class GptModel {
  /**
   * Most positions one forward pass runs at once; longer inputs (a long prompt, scoring a whole
   * context) go through in chunks of this many. A dense layer's scores for n positions take
   * n² floats per head: GPT-3 Small's twelve heads at 2048 positions would hold 200 MB per copy,
   * enough to exhaust the 4 GiB WASM heap, while chunks of 512 hold a quarter of that, and a
   * prefill of 512 is already at the matMul ceiling (benchmark app).
   */
  get prefillChunk(): number {
    return this.chunk;
  }

  set prefillChunk(positions: number) {
    if (!Number.isInteger(positions) || positions < 1)
      throw new RangeError(`prefillChunk = ${positions} is invalid: expected an integer >= 1`);
    this.chunk = positions;
  }

  private chunk = DEFAULT_PREFILL_CHUNK;

  private constructor(
    readonly config: ModelConfig,
    readonly layersModel: LayersModel,
    readonly layers: GptLayers,
  ) {}

  /** A new model with freshly initialised weights (GPT-2's scheme). */
  static create(config: ModelConfig, options: CreateModelOptions = {}): GptModel {
    const { seed } = options;
    if (seed !== undefined && (!Number.isSafeInteger(seed) || seed < 0)) {
      throw new RangeError(`seed = ${seed} is invalid: expected a non-negative integer`);
    }
    // Each part's initialiser gets its own seed, never 0: TF.js treats a seed of 0 as no seed at all.
    const seedFor = (offset: number): number | undefined => (seed === undefined ? undefined : seed + 1000 * offset + 1);
    const projectionStddev = INITIALIZER_STDDEV / Math.sqrt(2 * config.nLayer);
    const parts: GptLayers = {
      tokenEmbedding: new TokenEmbedding({
        name: 'wte',
        vocabSize: config.vocabSize,
        dModel: config.dModel,
        seed: seedFor(0),
      }),
      positionEmbedding: new PositionEmbedding({
        name: 'wpe',
        contextLength: config.contextLength,
        dModel: config.dModel,
        seed: seedFor(1),
      }),
      blocks: config.attention.map(
        (attention, i) =>
          new TransformerBlock({
            name: `h_${i}`,
            dModel: config.dModel,
            nHead: config.nHead,
            dFf: config.dFf,
            activation: config.activation,
            layerNormEpsilon: config.layerNormEpsilon,
            layerNormPosition: config.layerNormPosition,
            attention,
            scaleAttentionScores: config.scaleAttentionScores,
            qkvBias: config.qkvBias,
            attentionDropout: config.dropout.attention,
            residualDropout: config.dropout.residual,
            projectionStddev,
            seed: seedFor(2 + i),
          }),
      ),
      finalNorm:
        config.layerNormPosition === 'pre'
          ? new LayerNorm({ name: 'ln_f', epsilon: config.layerNormEpsilon })
          : undefined,
      head: config.tieEmbeddings
        ? undefined
        : layers.dense({
            name: 'lm_head',
            units: config.vocabSize,
            useBias: false,
            kernelInitializer: 'randomNormal',
          }),
    };
    const ids = input({ shape: [null], dtype: 'int32', name: 'input_ids' });
    let x = parts.positionEmbedding.apply(parts.tokenEmbedding.apply(ids)) as ReturnType<typeof input>;
    x = layers.dropout({ name: 'drop', rate: config.dropout.embedding }).apply(x) as ReturnType<typeof input>;
    for (const block of parts.blocks) x = block.apply(x) as ReturnType<typeof input>;
    if (parts.finalNorm !== undefined) x = parts.finalNorm.apply(x) as ReturnType<typeof input>;
    const logits = (parts.head ?? parts.tokenEmbedding).apply(x) as ReturnType<typeof input>;
    const layersModel = functionalModel({ inputs: ids, outputs: logits, name: config.name });
    layersModel.setUserDefinedMetadata({ [CONFIG_METADATA_KEY]: config });
    return new GptModel(config, layersModel, parts);
  }

  /**
   * Wraps a LayersModel that {@link GptModel.create} built, e.g. one read back with
   * `tf.loadLayersModel` (import this package first, so its layer classes are registered).
   */
  static fromLayersModel(layersModel: LayersModel): GptModel {
    const metadata = layersModel.getUserDefinedMetadata() as Record<string, unknown> | undefined;
    const stored = metadata?.[CONFIG_METADATA_KEY];
    if (stored === undefined) {
      throw new Error(
        `layersModel: "${layersModel.name}" has no ${CONFIG_METADATA_KEY} metadata; it was not saved from a GptModel`,
      );
    }
    const config = createModelConfig(stored as ModelConfig);
    const find = <T extends layers.Layer>(name: string, type: abstract new (...args: never[]) => T): T => {
      const layer = layersModel.getLayer(name);
      if (!(layer instanceof type))
        throw new Error(`layersModel: layer "${name}" is a ${layer.getClassName()}, expected ${type.name}`);
      return layer;
    };
    const parts: GptLayers = {
      tokenEmbedding: find('wte', TokenEmbedding),
      positionEmbedding: find('wpe', PositionEmbedding),
      blocks: config.attention.map((_, i) => find(`h_${i}`, TransformerBlock)),
      finalNorm: config.layerNormPosition === 'pre' ? find('ln_f', LayerNorm) : undefined,
      head: config.tieEmbeddings ? undefined : layersModel.getLayer('lm_head'),
    };
    return new GptModel(config, layersModel, parts);
  }

  /** An empty cache for {@link forward}. */
  createCache(): KvCache {
    return new KvCache(this.config.attention, this.config.contextLength);
  }

  /**
   * Logits for `ids`, which continue the sequence `cache` holds (from position `cache.length`),
   * or start a new one without a cache. The cache is extended in place with `ids`.
   */
  forward(ids: TokenIds): ForwardResult;
  forward(ids: TokenIds, cache: KvCache): ForwardResult & { readonly cache: KvCache };
  forward(ids: TokenIds, cache?: KvCache): ForwardResult & { readonly cache?: KvCache } {
    const logits = this.run(ids, cache, false);
    return cache === undefined ? { logits } : { logits, cache };
  }

  /** Vocabulary size: the length of every logits row. */
  get vocabSize(): number {
    return this.config.vocabSize;
  }

  /** Most positions (prompt plus generated) one sequence can hold. */
  get contextLength(): number {
    return this.config.contextLength;
  }

  /**
   * The logits of the token after the last of `ids`, which extend `cache` in place. Only that
   * last position goes through the LM head: a 512-token prefill at GPT-2's vocabulary skips
   * ~20 GFLOP of logits nobody reads. With `createCache`, `forkCache` and `disposeCache` this
   * makes a `GptModel` the `LanguageModel` that `@fewshot/sampling` and `@fewshot/prompting`
   * take, with no adapter.
   */
  async nextTokenLogits(ids: TokenIds, cache: KvCache): Promise<Float32Array> {
    const logits = this.run(ids, cache, true);
    try {
      return (await logits.data()) as Float32Array;
    } finally {
      logits.dispose();
    }
  }

  /**
   * One forward pass of several sequences: row i holds the logits of the token after the last of
   * `ids[i]` — one id (a decoding step) or several (a prefill chunk, at most {@link prefillChunk})
   * — which extend `caches[i]` in place. The sequences may hold any number of positions each:
   * their ids are packed into one input, so the projections, MLPs and LM head run once for all of
   * them (each weight is read once per pass, not once per sequence), and each sequence attends
   * over its own cache. The rows are views of one buffer, valid until the next call.
   */
  async nextTokenLogitsBatch(ids: readonly (number | TokenIds)[], caches: readonly KvCache[]): Promise<Float32Array[]> {
    if (ids.length === 0 || ids.length !== caches.length) {
      throw new RangeError(`ids: expected one entry per cache (${caches.length} caches), got ${ids.length}`);
    }
    if (new Set(caches).size !== caches.length) {
      throw new RangeError('caches: each sequence of a batch needs its own cache; one was passed twice');
    }
    const rows = ids.map((row): TokenIds => (typeof row === 'number' ? [row] : row));
    rows.forEach((row, i) => {
      if (row.length > this.chunk) {
        throw new RangeError(`ids[${i}]: ${row.length} ids is too many for one pass; prefillChunk is ${this.chunk}`);
      }
      this.checkIds(row, caches[i]?.length ?? 0);
    });
    // Shortest rows first (a stable sort): decoding rows and short chunks attend in one fused kernel.
    const order = rows.map((_, i) => i).sort((a, b) => rows[a]!.length - rows[b]!.length);
    const logits = tf.tidy(() =>
      this.logitsOf(
        packedLastStates(
          this.layers,
          order.map((i) => rows[i]!),
          order.map((i) => caches[i]!),
        ),
      ),
    );
    try {
      const data = (await logits.data()) as Float32Array;
      const size = this.config.vocabSize;
      const result = new Array<Float32Array>(rows.length);
      order.forEach((row, k) => (result[row] = data.subarray(k * size, (k + 1) * size)));
      return result;
    } finally {
      logits.dispose();
    }
  }

  /** An independent copy of `cache`, to branch a sequence (n completions, beam search). */
  forkCache(cache: KvCache): KvCache {
    return cache.clone();
  }

  /** Frees the tensors `cache` holds. */
  disposeCache(cache: KvCache): void {
    cache.dispose();
  }

  /**
   * The model's weights under their Hugging Face GPT-2 names (`wte.weight`, `h.0.attn.c_attn.weight`,
   * …, `ln_f.weight`), projections `[in, out]`. An untied head is `lm_head.weight`, also `[dModel, vocab]`.
   */
  namedWeights(): Map<string, LayerVariable> {
    const { tokenEmbedding, positionEmbedding, blocks, finalNorm, head } = this.layers;
    const named = new Map<string, LayerVariable>([
      ['wte.weight', tokenEmbedding.weight],
      ['wpe.weight', positionEmbedding.weight],
    ]);
    blocks.forEach((block, i) => {
      for (const [name, variable] of block.namedWeights) named.set(`h.${i}.${name}`, variable);
    });
    if (finalNorm !== undefined) {
      const [gain, bias] = finalNorm.variables;
      named.set('ln_f.weight', gain);
      named.set('ln_f.bias', bias);
    }
    const [kernel] = head?.weights ?? [];
    if (kernel !== undefined) named.set('lm_head.weight', kernel);
    return named;
  }

  /** A copy of every weight's values, under the names of {@link namedWeights}. */
  readWeights(): Map<string, TensorData> {
    return new Map(
      [...this.namedWeights()].map(([name, variable]) => {
        const value = variable.read();
        return [name, { shape: value.shape, data: Float32Array.from(value.dataSync()) }];
      }),
    );
  }

  /**
   * Replaces every weight, named as in {@link namedWeights}. All names and shapes are checked
   * before the first weight is written, so a mismatch leaves the model unchanged.
   */
  writeWeights(weights: ReadonlyMap<string, TensorData>): void {
    const named = this.namedWeights();
    const missing = [...named.keys()].filter((name) => !weights.has(name));
    const unexpected = [...weights.keys()].filter((name) => !named.has(name));
    if (missing.length > 0 || unexpected.length > 0) {
      throw new Error(`weights: missing ${JSON.stringify(missing)}, unexpected ${JSON.stringify(unexpected)}`);
    }
    for (const [name, variable] of named) {
      const { shape } = weights.get(name) ?? { shape: [] };
      if (JSON.stringify(shape) !== JSON.stringify(variable.shape)) {
        throw new Error(
          `weights: "${name}" has shape ${JSON.stringify(shape)}, expected ${JSON.stringify(variable.shape)}`,
        );
      }
    }
    for (const [name, variable] of named) {
      const weight = weights.get(name);
      if (weight === undefined) continue;
      const value = tf.tensor(weight.data, [...weight.shape], 'float32');
      variable.write(value);
      value.dispose();
    }
  }

  /**
   * Logits `[rows, vocab]` for `ids` after `cache`: every position's, or only the last one's.
   * Inputs longer than {@link prefillChunk} go through in chunks that extend a cache (a temporary
   * one when none is given), so attention never holds more than a chunk's rows of scores.
   */
  private run(ids: TokenIds, cache: KvCache | undefined, lastOnly: boolean): tf.Tensor2D {
    this.checkIds(ids, cache?.length ?? 0);
    const { chunk } = this;
    if (ids.length <= chunk) return this.runChunk(ids, cache, lastOnly);
    const extended = cache ?? this.createCache();
    const parts: tf.Tensor2D[] = [];
    try {
      for (let start = 0; start < ids.length; start += chunk) {
        const isLast = start + chunk >= ids.length;
        const logits = this.runChunk(ids.slice(start, start + chunk), extended, lastOnly);
        // Only the last position's logits are wanted: earlier chunks' (one row each) are not.
        if (lastOnly && !isLast) logits.dispose();
        else parts.push(logits);
      }
      return parts.length === 1 ? parts[0]! : tf.concat(parts);
    } finally {
      if (parts.length > 1) tf.dispose(parts);
      if (cache === undefined) extended.dispose();
    }
  }

  private runChunk(ids: TokenIds, cache: KvCache | undefined, lastOnly: boolean): tf.Tensor2D {
    return tf.tidy(() => {
      const { tokenEmbedding, positionEmbedding, blocks } = this.layers;
      const tokens = tokenEmbedding.embed(tf.tensor2d(Array.from(ids), [1, ids.length], 'int32'));
      let x = positionEmbedding.addPositions(tokens, cache?.length ?? 0);
      blocks.forEach((block, i) => {
        x = block.run(x, { inference: true, cache: cache?.entry(i) });
      });
      cache?.advance(ids.length);
      if (lastOnly && ids.length > 1) x = tf.slice(x, [0, ids.length - 1, 0], [1, 1, this.config.dModel]);
      return this.logitsOf(x);
    });
  }

  /** The final LayerNorm and the LM head for hidden states `[batch, time, dModel]`: logits `[batch·time, vocab]`. */
  private logitsOf(x: tf.Tensor): tf.Tensor2D {
    const { tokenEmbedding, finalNorm, head } = this.layers;
    let normalised = x;
    if (finalNorm !== undefined) {
      const [gain, shift] = finalNorm.variables;
      normalised = inferenceLayerNorm(x, gain.read(), shift.read(), finalNorm.epsilon);
    }
    // An untied head is a Dense layer without bias, i.e. this product (which a decoding product may take).
    const [headKernel] = head?.weights ?? [];
    const output =
      headKernel === undefined
        ? tokenEmbedding.inferenceLogits(normalised)
        : affine(normalised, headKernel.read(), undefined, true);
    return tf.reshape<tf.Rank.R2>(output, [-1, this.config.vocabSize]);
  }

  /** Releases the weights. */
  dispose(): void {
    this.layersModel.dispose();
  }

  private checkIds(ids: TokenIds, start: number): void {
    checkTokenIds(ids, start, this.config.vocabSize, this.config.contextLength);
  }
}
