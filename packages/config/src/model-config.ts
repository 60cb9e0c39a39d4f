import {
  type AttentionPattern,
  type AttentionPatternSizes,
  type AttentionTypesShorthand,
  expandAttentionTypes,
  parseAttentionPattern,
} from './attention-pattern.js';
import { ConfigError } from './config-error.js';
import {
  requireBoolean,
  requireInteger,
  requireNonEmptyString,
  requireOneOf,
  requirePositive,
  requireProbability,
  requireRecord,
} from './validate.js';

/** Activations of the feed-forward block. `gelu_new` is the tanh approximation GPT-2/3 use. */
export type Activation = 'gelu_new' | 'gelu' | 'relu';
export const ACTIVATIONS: readonly Activation[] = ['gelu_new', 'gelu', 'relu'];

/** Where each block's LayerNorms sit: GPT-1 normalises after the residual add, GPT-2/3 before. */
export type LayerNormPosition = 'pre' | 'post';

export interface Dropout {
  /** After the token + position embedding sum. */
  readonly embedding: number;
  /** On the attention probabilities. */
  readonly attention: number;
  /** On each block's output before it joins the residual stream. */
  readonly residual: number;
}

/** A complete, validated decoder-only transformer configuration. */
export interface ModelConfig {
  readonly name: string;
  readonly vocabSize: number;
  /** Maximum sequence length: the number of learned position embeddings. */
  readonly contextLength: number;
  readonly dModel: number;
  readonly nLayer: number;
  readonly nHead: number;
  /** Width of the feed-forward block's hidden layer (4·dModel in GPT-2/3). */
  readonly dFf: number;
  readonly activation: Activation;
  readonly layerNormEpsilon: number;
  readonly layerNormPosition: LayerNormPosition;
  readonly dropout: Dropout;
  /** The LM head reuses the token embedding matrix (GPT-1/2/3, GPT-Neo). */
  readonly tieEmbeddings: boolean;
  /** Divide attention scores by √(head size). GPT-Neo does not. */
  readonly scaleAttentionScores: boolean;
  /** The query/key/value projections have biases. GPT-Neo's do not. */
  readonly qkvBias: boolean;
  /** One pattern per layer, `attention.length === nLayer`. */
  readonly attention: readonly AttentionPattern[];
}

/**
 * What a user writes: the required sizes, anything else optional with the GPT-2/3 defaults.
 * Give the per-layer pattern either as `attention` (a list) or as GPT-Neo's `attentionTypes`
 * shorthand with the sizes it needs (`window` for local layers, …); with neither, every layer is
 * dense.
 */
export interface ModelConfigInput extends AttentionPatternSizes {
  readonly name?: string;
  readonly vocabSize: number;
  readonly contextLength: number;
  readonly dModel: number;
  readonly nLayer: number;
  readonly nHead: number;
  /** Default 4·dModel. */
  readonly dFf?: number;
  /** Default `gelu_new`. */
  readonly activation?: Activation;
  /** Default 1e-5. */
  readonly layerNormEpsilon?: number;
  /** Default `pre`. */
  readonly layerNormPosition?: LayerNormPosition;
  /** Default 0.1 each. */
  readonly dropout?: Partial<Dropout>;
  /** Default true. */
  readonly tieEmbeddings?: boolean;
  /** Default true. */
  readonly scaleAttentionScores?: boolean;
  /** Default true. */
  readonly qkvBias?: boolean;
  readonly attention?: readonly AttentionPattern[];
  readonly attentionTypes?: AttentionTypesShorthand;
}

const INPUT_FIELDS: readonly string[] = [
  'name',
  'vocabSize',
  'contextLength',
  'dModel',
  'nLayer',
  'nHead',
  'dFf',
  'activation',
  'layerNormEpsilon',
  'layerNormPosition',
  'dropout',
  'tieEmbeddings',
  'scaleAttentionScores',
  'qkvBias',
  'attention',
  'attentionTypes',
  'window',
  'stride',
  'block',
  'summary',
];

const DEFAULT_DROPOUT = 0.1;

/**
 * Validates a config (typed, or parsed from JSON) and fills the documented defaults for fields
 * that are absent. A field that is present but malformed, or an unknown field (usually a typo),
 * throws a {@link ConfigError}; nothing is silently replaced.
 */
export function createModelConfig(input: ModelConfigInput): ModelConfig {
  const raw = requireRecord('config', input);
  for (const key of Object.keys(raw)) {
    if (!INPUT_FIELDS.includes(key)) {
      throw new ConfigError(key, raw[key], `unknown field; known fields are ${INPUT_FIELDS.join(', ')}`);
    }
  }
  const name = requireNonEmptyString('name', raw.name ?? 'custom');

  const vocabSize = requireInteger('vocabSize', raw.vocabSize, 1);
  const contextLength = requireInteger('contextLength', raw.contextLength, 1);
  const dModel = requireInteger('dModel', raw.dModel, 1);
  const nLayer = requireInteger('nLayer', raw.nLayer, 1);
  const nHead = requireInteger('nHead', raw.nHead, 1);
  if (dModel % nHead !== 0) {
    throw new ConfigError('nHead', nHead, `dModel (${dModel}) must be divisible by nHead`);
  }
  const dFf = requireInteger('dFf', raw.dFf ?? 4 * dModel, 1);
  const activation = requireOneOf('activation', raw.activation ?? 'gelu_new', ACTIVATIONS);
  const layerNormEpsilon = requirePositive('layerNormEpsilon', raw.layerNormEpsilon ?? 1e-5);
  const layerNormPosition = requireOneOf('layerNormPosition', raw.layerNormPosition ?? 'pre', ['pre', 'post']);
  const dropout = parseDropout(raw.dropout ?? {});
  const tieEmbeddings = requireBoolean('tieEmbeddings', raw.tieEmbeddings ?? true);
  const scaleAttentionScores = requireBoolean('scaleAttentionScores', raw.scaleAttentionScores ?? true);
  const qkvBias = requireBoolean('qkvBias', raw.qkvBias ?? true);
  const attention = parseAttention(raw, nLayer);

  return deepFreeze({
    name,
    vocabSize,
    contextLength,
    dModel,
    nLayer,
    nHead,
    dFf,
    activation,
    layerNormEpsilon,
    layerNormPosition,
    dropout,
    tieEmbeddings,
    scaleAttentionScores,
    qkvBias,
    attention,
  });
}

/** Size of one attention head. */
export function headSize(config: ModelConfig): number {
  return config.dModel / config.nHead;
}

function parseDropout(value: unknown): Dropout {
  const record = requireRecord('dropout', value);
  for (const key of Object.keys(record)) {
    if (!['embedding', 'attention', 'residual'].includes(key)) {
      throw new ConfigError(`dropout.${key}`, record[key], 'unknown field; expected embedding, attention or residual');
    }
  }
  return {
    embedding: requireProbability('dropout.embedding', record.embedding ?? DEFAULT_DROPOUT),
    attention: requireProbability('dropout.attention', record.attention ?? DEFAULT_DROPOUT),
    residual: requireProbability('dropout.residual', record.residual ?? DEFAULT_DROPOUT),
  };
}

function parseAttention(raw: Record<string, unknown>, nLayer: number): AttentionPattern[] {
  if (raw.attention !== undefined && raw.attentionTypes !== undefined) {
    throw new ConfigError('attentionTypes', raw.attentionTypes, 'give either attention or attentionTypes, not both');
  }
  let layers: AttentionPattern[];
  let field: string;
  if (raw.attentionTypes !== undefined) {
    field = 'attentionTypes';
    layers = expandAttentionTypes(raw.attentionTypes as AttentionTypesShorthand, raw);
  } else {
    for (const size of ['window', 'stride', 'block', 'summary']) {
      if (raw[size] !== undefined) {
        throw new ConfigError(
          size,
          raw[size],
          'sizes are read only with the attentionTypes shorthand; put them in each attention pattern',
        );
      }
    }
    if (raw.attention === undefined) return Array.from({ length: nLayer }, () => ({ type: 'dense' }));
    field = 'attention';
    if (!Array.isArray(raw.attention)) throw new ConfigError(field, raw.attention, 'expected one pattern per layer');
    layers = raw.attention.map((pattern: unknown, i) => parseAttentionPattern(`attention[${i}]`, pattern));
  }
  if (layers.length !== nLayer) {
    throw new ConfigError(field, `${layers.length} layers`, `the pattern must give exactly nLayer (${nLayer}) layers`);
  }
  return layers;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
