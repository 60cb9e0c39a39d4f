import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { fromHuggingFaceConfig, toHuggingFaceConfig } from './huggingface-config.js';
import { createModelConfig } from './model-config.js';
import { getPreset } from './presets.js';

/** The config.json files published with the `gpt2` and `EleutherAI/gpt-neo-125M` checkpoints. */
function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;
}

describe('Hugging Face config.json', () => {
  it('reads gpt2 into the same model as our gpt2 preset', () => {
    const { config, modelType } = fromHuggingFaceConfig(fixture('gpt2-config.json'), 'gpt2');
    expect(modelType).toBe('gpt2');
    expect(config).toEqual(getPreset('gpt2'));
  });

  it('reads GPT-Neo 125M into the same model as our gpt-neo-125m preset', () => {
    const { config, modelType } = fromHuggingFaceConfig(fixture('gpt-neo-125m-config.json'), 'gpt-neo-125m');
    expect(modelType).toBe('gpt_neo');
    expect(config).toEqual(getPreset('gpt-neo-125m'));
    expect(config.attention[1]).toEqual({ type: 'local', window: 256 });
    expect(config.scaleAttentionScores).toBe(false);
    expect(config.qkvBias).toBe(false);
  });

  it.each(['gpt2-config.json', 'gpt-neo-125m-config.json'])(
    'round-trips %s exactly, unknown fields included',
    (file) => {
      const original = fixture(file);
      const { config, modelType } = fromHuggingFaceConfig(original);
      const written = toHuggingFaceConfig(config, { modelType, base: original });
      expect(written).toEqual(original);
      expect(Object.keys(written)).toEqual(Object.keys(original).sort());
    },
  );

  it('writes a complete config that reads back to the same model', () => {
    for (const name of ['gpt2-medium', 'gpt-neo-1.3b'] as const) {
      const config = getPreset(name);
      const json = JSON.parse(JSON.stringify(toHuggingFaceConfig(config))) as unknown;
      expect(fromHuggingFaceConfig(json, name).config).toEqual(config);
    }
    const neo = toHuggingFaceConfig(getPreset('gpt-neo-1.3b'));
    expect(neo).toMatchObject({
      model_type: 'gpt_neo',
      attention_types: [[['global', 'local'], 12]],
      window_size: 256,
      hidden_size: 2048,
    });
  });

  it('writes a non-default feed-forward width and reads it back', () => {
    const config = createModelConfig({ vocabSize: 50, contextLength: 16, dModel: 8, nLayer: 1, nHead: 2, dFf: 20 });
    const json = toHuggingFaceConfig(config);
    expect(json.n_inner).toBe(20);
    expect(fromHuggingFaceConfig(json, 'custom').config).toEqual(config);
  });

  it('names Hugging Face fields in errors', () => {
    const gpt2 = fixture('gpt2-config.json');
    expect(() => fromHuggingFaceConfig({ ...gpt2, n_head: 7 })).toThrow(
      'n_head = 7 is invalid: dModel (768) must be divisible by nHead',
    );
    expect(() => fromHuggingFaceConfig({ ...gpt2, attn_pdrop: 2 })).toThrow('attn_pdrop = 2 is invalid');
    expect(() => fromHuggingFaceConfig({ ...gpt2, activation_function: 'swish' })).toThrow(
      'activation_function = "swish" is invalid',
    );
    expect(() => fromHuggingFaceConfig({ ...gpt2, scale_attn_by_inverse_layer_idx: true })).toThrow(ConfigError);
    expect(() => fromHuggingFaceConfig({ ...gpt2, model_type: 'llama' })).toThrow(
      'model_type = "llama" is invalid: expected one of "gpt2", "gpt_neo"',
    );
    const neo = fixture('gpt-neo-125m-config.json');
    expect(() => fromHuggingFaceConfig({ ...neo, num_layers: 10 })).toThrow(
      'attention_types = "12 layers" is invalid: the pattern must give exactly nLayer (10) layers',
    );
    expect(() => fromHuggingFaceConfig({ ...neo, window_size: 0 })).toThrow('window = 0 is invalid');
    expect(() => fromHuggingFaceConfig({ ...neo, attention_layers: ['global'] })).toThrow(
      'attention_layers = ["global"] is invalid',
    );
  });

  it('refuses to write what a model type cannot express', () => {
    expect(() => toHuggingFaceConfig(getPreset('gpt1'))).toThrow('layerNormPosition = "post" is invalid');
    expect(() => toHuggingFaceConfig(getPreset('gpt3-small'))).toThrow('scaleAttentionScores = true is invalid');
    expect(() => toHuggingFaceConfig(getPreset('gpt3-small'), { modelType: 'gpt2' })).toThrow(
      'attention[1].type = "local" is invalid',
    );
    const strided = createModelConfig({
      vocabSize: 10,
      contextLength: 16,
      dModel: 8,
      nLayer: 1,
      nHead: 2,
      scaleAttentionScores: false,
      qkvBias: false,
      attention: [{ type: 'strided', stride: 4 }],
    });
    expect(() => toHuggingFaceConfig(strided)).toThrow('attention[0].type = "strided" is invalid');
  });
});
