import { ConfigError } from './config-error.js';
import { type ModelConfig, type ModelConfigInput, createModelConfig } from './model-config.js';

const GPT2_VOCAB = 50_257;

/**
 * GPT-3's locally banded layers. The paper does not print the band width; 256 is what GPT-Neo,
 * the open replication of GPT-3's architecture, uses for its local layers.
 */
export const GPT3_LOCAL_WINDOW = 256;

function gpt2(name: string, nLayer: number, dModel: number, nHead: number): ModelConfigInput {
  return { name, vocabSize: GPT2_VOCAB, contextLength: 1024, dModel, nLayer, nHead };
}

/** Brown et al. 2020, Table 2.1: dense and locally banded layers alternate, n_ctx 2048. */
function gpt3(name: string, nLayer: number, dModel: number, nHead: number): ModelConfigInput {
  return {
    name,
    vocabSize: GPT2_VOCAB,
    contextLength: 2048,
    dModel,
    nLayer,
    nHead,
    attentionTypes: [[['dense', 'local'], nLayer / 2]],
    window: GPT3_LOCAL_WINDOW,
  };
}

/** EleutherAI's GPT-Neo: global/local alternation, no q/k/v bias, unscaled scores, no dropout. */
function gptNeo(name: string, nLayer: number, dModel: number, nHead: number): ModelConfigInput {
  return {
    name,
    vocabSize: GPT2_VOCAB,
    contextLength: 2048,
    dModel,
    nLayer,
    nHead,
    attentionTypes: [[['global', 'local'], nLayer / 2]],
    window: 256,
    scaleAttentionScores: false,
    qkvBias: false,
    dropout: { embedding: 0, attention: 0, residual: 0 },
  };
}

/** Small alternating dense/local models that train and run in seconds on a laptop CPU. */
function cpu(name: string, nLayer: number, dModel: number, nHead: number, contextLength: number): ModelConfigInput {
  return {
    name,
    vocabSize: 4096,
    contextLength,
    dModel,
    nLayer,
    nHead,
    attentionTypes: [[['dense', 'local'], nLayer / 2]],
    window: contextLength / 4,
    dropout: { embedding: 0, attention: 0, residual: 0 },
  };
}

const PRESET_INPUTS = {
  // Radford et al. 2018: post-LayerNorm, 40,478-token BPE, 512 positions, exact (erf) GELU.
  gpt1: {
    name: 'gpt1',
    vocabSize: 40_478,
    contextLength: 512,
    dModel: 768,
    nLayer: 12,
    nHead: 12,
    activation: 'gelu',
    layerNormPosition: 'post',
  },
  gpt2: gpt2('gpt2', 12, 768, 12),
  'gpt2-medium': gpt2('gpt2-medium', 24, 1024, 16),
  'gpt2-large': gpt2('gpt2-large', 36, 1280, 20),
  'gpt2-xl': gpt2('gpt2-xl', 48, 1600, 25),
  'gpt3-small': gpt3('gpt3-small', 12, 768, 12),
  'gpt3-medium': gpt3('gpt3-medium', 24, 1024, 16),
  'gpt3-large': gpt3('gpt3-large', 24, 1536, 16),
  // Table 2.1 prints 24 heads of size 128 for XL, which cannot make d_model 2048 (and 1.3B
  // parameters need d_attn = 2048); we keep d_model and the head size: 16 heads, like GPT-Neo 1.3B.
  'gpt3-xl': gpt3('gpt3-xl', 24, 2048, 16),
  'gpt3-2.7b': gpt3('gpt3-2.7b', 32, 2560, 32),
  'gpt3-6.7b': gpt3('gpt3-6.7b', 32, 4096, 32),
  // Table 2.1 prints d_model 5140, which 40 heads do not divide; the trained model used 5120.
  'gpt3-13b': gpt3('gpt3-13b', 40, 5120, 40),
  'gpt3-175b': gpt3('gpt3-175b', 96, 12_288, 96),
  'gpt-neo-125m': gptNeo('gpt-neo-125m', 12, 768, 12),
  'gpt-neo-1.3b': gptNeo('gpt-neo-1.3b', 24, 2048, 16),
  'gpt-neo-2.7b': gptNeo('gpt-neo-2.7b', 32, 2560, 20),
  'cpu-tiny': cpu('cpu-tiny', 2, 64, 4, 128),
  'cpu-small': cpu('cpu-small', 4, 128, 4, 256),
} satisfies Record<string, ModelConfigInput>;

export type PresetName = keyof typeof PRESET_INPUTS;

export const PRESET_NAMES = Object.keys(PRESET_INPUTS) as PresetName[];

const PRESETS = new Map<string, ModelConfig>(
  PRESET_NAMES.map((name) => [name, createModelConfig(PRESET_INPUTS[name] as ModelConfigInput)]),
);

/** A preset by name, e.g. `getPreset("gpt3-small")`. */
export function getPreset(name: PresetName | (string & {})): ModelConfig {
  const preset = PRESETS.get(name);
  if (!preset) throw new ConfigError('preset', name, `expected one of ${PRESET_NAMES.join(', ')}`);
  return preset;
}

export function isPresetName(name: string): name is PresetName {
  return PRESETS.has(name);
}
