import { type ModelConfig, createModelConfig, getPreset } from '@fewshot/config';

/**
 * A small GPT-2-style model for the decoding tests: four heads (two query rows for each of two
 * threads), a dense layer and a local one (keys masked), `overrides` on top (e.g. untied, no q/k/v bias).
 */
export function smallDecodingConfig(name: string, overrides: Partial<ModelConfig> = {}): ModelConfig {
  return createModelConfig({
    ...getPreset('gpt2'),
    name,
    vocabSize: 301,
    contextLength: 64,
    dModel: 64,
    nHead: 4,
    nLayer: 2,
    dFf: 256,
    attention: [{ type: 'dense' }, { type: 'local', window: 8 }],
    ...overrides,
  });
}

/** Forty token ids of `config`'s vocabulary, spread over it. */
export const decodingTestIds = (config: ModelConfig): number[] =>
  Array.from({ length: 40 }, (_, i) => (i * 7919 + 13) % config.vocabSize);
