import { type AttentionPattern, type ModelConfig, createModelConfig } from '@fewshot/config';
import { GptModel, type TensorData } from '@fewshot/model';

export interface GrowDepthOptions {
  /** Layers of the grown model: more than the model has. */
  readonly layers: number;
  /**
   * Attention patterns of the added layers, one each (default: the model's own patterns again,
   * from its first layer on, so that dense and local layers keep alternating).
   */
  readonly attention?: readonly AttentionPattern[];
  /**
   * Context length of the grown model (default the model's). A longer one keeps the learnt
   * position embeddings and adds new ones, drawn as the model's initialiser draws them.
   */
  readonly contextLength?: number;
  /** Seeds the added weights. */
  readonly seed: number;
}

/** The weights of a residual branch's output projection: zero in an added block. */
const OUTPUT_PROJECTIONS = ['attn.c_proj.weight', 'attn.c_proj.bias', 'mlp.c_proj.weight', 'mlp.c_proj.bias'];

/**
 * A deeper copy of `model` to go on training: its blocks, embeddings, final LayerNorm and head
 * unchanged, then `layers − nLayer` added blocks whose output projections (attention's and the
 * MLP's `c_proj`, weights and biases) are zero. Each added block then adds exactly nothing to the
 * residual stream, so the grown model computes the same logits as `model` on every input it
 * accepts, and training starts from what `model` knows (only the zero projections get a gradient at
 * first; the rest of each block follows as they move). Pre-LayerNorm models only: after a
 * post-LayerNorm block (GPT-1) the stream is normalised again, so no block is the identity.
 */
export function growDepth(model: GptModel, options: GrowDepthOptions): GptModel {
  const { config } = model;
  const { layers, seed } = options;
  if (config.layerNormPosition !== 'pre') {
    throw new RangeError(
      `layerNormPosition = "${config.layerNormPosition}" is invalid for growDepth: expected "pre" ` +
        '(an added block is the identity only when its LayerNorm sits inside the residual branch)',
    );
  }
  if (!Number.isInteger(layers) || layers <= config.nLayer) {
    throw new RangeError(`layers = ${layers} is invalid: expected an integer above the model's ${config.nLayer}`);
  }
  const added = layers - config.nLayer;
  const attention = options.attention ?? Array.from({ length: added }, (_, i) => config.attention[i % config.nLayer]!);
  if (attention.length !== added) {
    throw new RangeError(`attention has ${attention.length} patterns: expected one per added layer (${added})`);
  }
  const contextLength = options.contextLength ?? config.contextLength;
  if (!Number.isInteger(contextLength) || contextLength < config.contextLength) {
    const least = `an integer of at least the model's ${config.contextLength}`;
    throw new RangeError(`contextLength = ${contextLength} is invalid: expected ${least}`);
  }
  const grownConfig: ModelConfig = createModelConfig({
    ...config,
    nLayer: layers,
    contextLength,
    attention: [...config.attention, ...attention],
  });
  const grown = GptModel.create(grownConfig, { seed });
  try {
    const weights = grown.readWeights();
    for (const [name, value] of model.readWeights()) weights.set(name, keptWeight(name, value, weights.get(name)));
    for (let layer = config.nLayer; layer < layers; layer++) {
      for (const suffix of OUTPUT_PROJECTIONS) {
        const name = `h.${layer}.${suffix}`;
        const { shape } = weights.get(name) ?? { shape: [] };
        weights.set(name, { shape, data: new Float32Array(shape.reduce((size, axis) => size * axis, 1)) });
      }
    }
    grown.writeWeights(weights);
    return grown;
  } catch (error) {
    grown.dispose();
    throw error;
  }
}

/** `value` in the grown model's weight `fresh`: the same, or the first rows of a longer position table. */
function keptWeight(name: string, value: TensorData, fresh: TensorData | undefined): TensorData {
  if (fresh === undefined || name !== 'wpe.weight' || fresh.shape[0] === value.shape[0]) return value;
  const data = Float32Array.from(fresh.data);
  data.set(value.data);
  return { shape: fresh.shape, data };
}
