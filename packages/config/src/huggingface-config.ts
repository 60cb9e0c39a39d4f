import type { AttentionPattern, AttentionTypeName, AttentionTypesShorthand } from './attention-pattern.js';
import { ConfigError } from './config-error.js';
import { type Activation, type ModelConfig, type ModelConfigInput, createModelConfig } from './model-config.js';
import { requireOneOf, requireRecord } from './validate.js';

/** A Hugging Face `config.json` as parsed JSON. */
export type HuggingFaceConfig = Record<string, unknown> & { model_type: string };

export type HuggingFaceModelType = 'gpt2' | 'gpt_neo';
export const HUGGING_FACE_MODEL_TYPES: readonly HuggingFaceModelType[] = ['gpt2', 'gpt_neo'];

export interface ImportedConfig {
  readonly config: ModelConfig;
  readonly modelType: HuggingFaceModelType;
}

export interface ExportOptions {
  /** Default: `gpt2` when every layer is dense with scaled scores and q/k/v biases, else `gpt_neo`. */
  readonly modelType?: HuggingFaceModelType;
  /**
   * The `config.json` the model came from. Its fields that we do not interpret (architectures,
   * token ids, task parameters, …) are kept, and optional fields are written only if it had them
   * or their value differs from Hugging Face's default, so an unchanged model round-trips exactly.
   */
  readonly base?: Record<string, unknown>;
}

/** Our field → the Hugging Face field it is read from, per model type (to name fields in errors). */
const FIELD_NAMES: Record<HuggingFaceModelType, Record<string, string>> = {
  gpt2: {
    vocabSize: 'vocab_size',
    contextLength: 'n_positions',
    dModel: 'n_embd',
    nLayer: 'n_layer',
    nHead: 'n_head',
    dFf: 'n_inner',
    activation: 'activation_function',
    layerNormEpsilon: 'layer_norm_epsilon',
    'dropout.embedding': 'embd_pdrop',
    'dropout.attention': 'attn_pdrop',
    'dropout.residual': 'resid_pdrop',
    tieEmbeddings: 'tie_word_embeddings',
    scaleAttentionScores: 'scale_attn_weights',
  },
  gpt_neo: {
    vocabSize: 'vocab_size',
    contextLength: 'max_position_embeddings',
    dModel: 'hidden_size',
    nLayer: 'num_layers',
    nHead: 'num_heads',
    dFf: 'intermediate_size',
    activation: 'activation_function',
    layerNormEpsilon: 'layer_norm_epsilon',
    'dropout.embedding': 'embed_dropout',
    'dropout.attention': 'attention_dropout',
    'dropout.residual': 'resid_dropout',
    tieEmbeddings: 'tie_word_embeddings',
    attentionTypes: 'attention_types',
    window: 'window_size',
  },
};

/** Reads a `gpt2` or `gpt_neo` `config.json`; absent fields take Hugging Face's defaults. */
export function fromHuggingFaceConfig(json: unknown, name = 'imported'): ImportedConfig {
  const source = requireRecord('config.json', json);
  const modelType = requireOneOf('model_type', source.model_type, HUGGING_FACE_MODEL_TYPES);
  const input = modelType === 'gpt2' ? gpt2Input(source, name) : gptNeoInput(source, name);
  let config: ModelConfig;
  try {
    config = createModelConfig(input);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const [head = '', ...rest] = error.field.split('[');
    const hfField = FIELD_NAMES[modelType][head] ?? head;
    throw new ConfigError([hfField, ...rest].join('['), error.value, error.allowed);
  }
  // GPT-Neo files also carry the expanded layer list; a file whose two descriptions disagree is corrupt.
  if (modelType === 'gpt_neo' && source.attention_layers !== undefined) {
    const expected = config.attention.map((pattern, i) => neoLayerName(pattern, i));
    if (JSON.stringify(source.attention_layers) !== JSON.stringify(expected)) {
      throw new ConfigError(
        'attention_layers',
        source.attention_layers,
        `must be attention_types expanded: ${JSON.stringify(expected)}`,
      );
    }
  }
  return { config, modelType };
}

function gpt2Input(source: Record<string, unknown>, name: string): ModelConfigInput {
  if (source.scale_attn_by_inverse_layer_idx === true) {
    throw new ConfigError(
      'scale_attn_by_inverse_layer_idx',
      true,
      'per-layer score scaling is not supported; expected false',
    );
  }
  const dModel = source.n_embd ?? 768;
  return {
    name,
    vocabSize: (source.vocab_size ?? 50_257) as number,
    contextLength: (source.n_positions ?? 1024) as number,
    dModel: dModel as number,
    nLayer: (source.n_layer ?? 12) as number,
    nHead: (source.n_head ?? 12) as number,
    dFf: (source.n_inner ?? undefined) as number | undefined,
    activation: readActivation(source),
    layerNormEpsilon: (source.layer_norm_epsilon ?? 1e-5) as number,
    dropout: {
      embedding: (source.embd_pdrop ?? 0.1) as number,
      attention: (source.attn_pdrop ?? 0.1) as number,
      residual: (source.resid_pdrop ?? 0.1) as number,
    },
    tieEmbeddings: (source.tie_word_embeddings ?? true) as boolean,
    scaleAttentionScores: (source.scale_attn_weights ?? true) as boolean,
    qkvBias: true,
  };
}

function gptNeoInput(source: Record<string, unknown>, name: string): ModelConfigInput {
  return {
    name,
    vocabSize: (source.vocab_size ?? 50_257) as number,
    contextLength: (source.max_position_embeddings ?? 2048) as number,
    dModel: (source.hidden_size ?? 2048) as number,
    nLayer: (source.num_layers ?? 24) as number,
    nHead: (source.num_heads ?? 16) as number,
    dFf: (source.intermediate_size ?? undefined) as number | undefined,
    activation: readActivation(source),
    layerNormEpsilon: (source.layer_norm_epsilon ?? 1e-5) as number,
    dropout: {
      embedding: (source.embed_dropout ?? 0) as number,
      attention: (source.attention_dropout ?? 0) as number,
      residual: (source.resid_dropout ?? 0) as number,
    },
    tieEmbeddings: (source.tie_word_embeddings ?? true) as boolean,
    scaleAttentionScores: false,
    qkvBias: false,
    attentionTypes: (source.attention_types ?? [[['global', 'local'], 12]]) as AttentionTypesShorthand,
    window: (source.window_size ?? 256) as number,
  };
}

function readActivation(source: Record<string, unknown>): Activation {
  const value = source.activation_function ?? 'gelu_new';
  return requireOneOf('activation_function', value, ['gelu_new', 'gelu', 'relu']);
}

/** Writes a Hugging Face `config.json` object for `config`. */
export function toHuggingFaceConfig(config: ModelConfig, options: ExportOptions = {}): HuggingFaceConfig {
  const base = options.base ?? {};
  const modelType = options.modelType ?? inferModelType(config);
  requireOneOf('modelType', modelType, HUGGING_FACE_MODEL_TYPES);
  if (config.layerNormPosition !== 'pre') {
    throw new ConfigError(
      'layerNormPosition',
      config.layerNormPosition,
      `a ${modelType} config.json describes pre-LayerNorm models only`,
    );
  }
  const written = modelType === 'gpt2' ? gpt2Fields(config, base) : gptNeoFields(config, base);
  const merged: Record<string, unknown> = { ...base, model_type: modelType, ...written };
  // Hugging Face writes config.json with sorted keys.
  return Object.fromEntries(
    Object.keys(merged)
      .sort()
      .map((key) => [key, merged[key]]),
  ) as HuggingFaceConfig;
}

function inferModelType(config: ModelConfig): HuggingFaceModelType {
  const allDense = config.attention.every((pattern) => pattern.type === 'dense');
  return allDense && config.scaleAttentionScores && config.qkvBias ? 'gpt2' : 'gpt_neo';
}

/** Fields with a Hugging Face default are written only when they differ from it or the base had them. */
function optional(
  base: Record<string, unknown>,
  key: string,
  value: unknown,
  hfDefault: unknown,
): Record<string, unknown> {
  return key in base || value !== hfDefault ? { [key]: value } : {};
}

function gpt2Fields(config: ModelConfig, base: Record<string, unknown>): Record<string, unknown> {
  config.attention.forEach((pattern, i) => {
    if (pattern.type !== 'dense') {
      throw new ConfigError(`attention[${i}].type`, pattern.type, 'model_type gpt2 has dense attention in every layer');
    }
  });
  if (!config.qkvBias) throw new ConfigError('qkvBias', false, 'model_type gpt2 always has q/k/v biases');
  const dFf = config.dFf === 4 * config.dModel ? null : config.dFf;
  return {
    vocab_size: config.vocabSize,
    n_positions: config.contextLength,
    n_embd: config.dModel,
    n_layer: config.nLayer,
    n_head: config.nHead,
    ...optional(base, 'n_inner', dFf, null),
    activation_function: config.activation,
    layer_norm_epsilon: config.layerNormEpsilon,
    embd_pdrop: config.dropout.embedding,
    attn_pdrop: config.dropout.attention,
    resid_pdrop: config.dropout.residual,
    ...optional(base, 'tie_word_embeddings', config.tieEmbeddings, true),
    ...optional(base, 'scale_attn_weights', config.scaleAttentionScores, true),
  };
}

function gptNeoFields(config: ModelConfig, base: Record<string, unknown>): Record<string, unknown> {
  if (config.scaleAttentionScores) {
    throw new ConfigError(
      'scaleAttentionScores',
      true,
      'model_type gpt_neo never scales attention scores (and gpt2 needs every layer dense)',
    );
  }
  if (config.qkvBias) throw new ConfigError('qkvBias', true, 'model_type gpt_neo has no q/k/v biases');
  const names = config.attention.map((pattern, i) => neoLayerName(pattern, i));
  const windows = new Set(config.attention.flatMap((p) => (p.type === 'local' ? [p.window] : [])));
  if (windows.size > 1) {
    throw new ConfigError('attention', [...windows], 'model_type gpt_neo has one window_size for every local layer');
  }
  const [window = typeof base.window_size === 'number' ? base.window_size : 256] = windows;
  const dFf = config.dFf === 4 * config.dModel ? null : config.dFf;
  return {
    vocab_size: config.vocabSize,
    max_position_embeddings: config.contextLength,
    hidden_size: config.dModel,
    num_layers: config.nLayer,
    num_heads: config.nHead,
    intermediate_size: dFf,
    activation_function: config.activation,
    layer_norm_epsilon: config.layerNormEpsilon,
    embed_dropout: config.dropout.embedding,
    attention_dropout: config.dropout.attention,
    resid_dropout: config.dropout.residual,
    window_size: window,
    attention_types: compressLayerNames(names),
    attention_layers: names,
    ...optional(base, 'tie_word_embeddings', config.tieEmbeddings, true),
  };
}

function neoLayerName(pattern: AttentionPattern, index: number): AttentionTypeName {
  if (pattern.type === 'dense') return 'global';
  if (pattern.type === 'local') return 'local';
  throw new ConfigError(
    `attention[${index}].type`,
    pattern.type,
    'model_type gpt_neo layers are dense ("global") or local',
  );
}

/** The shortest repeating unit of the layer list, as `[[unit, repeats]]`. */
function compressLayerNames(names: AttentionTypeName[]): [AttentionTypeName[], number][] {
  for (let period = 1; period <= names.length; period++) {
    if (names.length % period !== 0) continue;
    if (names.every((name, i) => name === names[i % period])) {
      return [[names.slice(0, period), names.length / period]];
    }
  }
  return [[names, 1]];
}
