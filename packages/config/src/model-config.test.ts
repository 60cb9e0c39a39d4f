import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { type ModelConfigInput, createModelConfig, headSize } from './model-config.js';

const small: ModelConfigInput = { vocabSize: 100, contextLength: 64, dModel: 32, nLayer: 2, nHead: 4 };

function errorOf(input: unknown): ConfigError {
  try {
    createModelConfig(input as ModelConfigInput);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('createModelConfig', () => {
  it('fills the GPT-2/3 defaults for absent fields', () => {
    const config = createModelConfig(small);
    expect(config).toEqual({
      name: 'custom',
      vocabSize: 100,
      contextLength: 64,
      dModel: 32,
      nLayer: 2,
      nHead: 4,
      dFf: 128,
      activation: 'gelu_new',
      layerNormEpsilon: 1e-5,
      layerNormPosition: 'pre',
      dropout: { embedding: 0.1, attention: 0.1, residual: 0.1 },
      tieEmbeddings: true,
      scaleAttentionScores: true,
      qkvBias: true,
      attention: [{ type: 'dense' }, { type: 'dense' }],
    });
    expect(headSize(config)).toBe(8);
  });

  it('returns a deeply frozen config', () => {
    const config = createModelConfig({ ...small, attentionTypes: [[['dense', 'local'], 1]], window: 8 });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.attention)).toBe(true);
    expect(Object.isFrozen(config.attention[1])).toBe(true);
    expect(Object.isFrozen(config.dropout)).toBe(true);
  });

  it('accepts the GPT-Neo shorthand or an explicit per-layer list', () => {
    const shorthand = createModelConfig({
      ...small,
      nLayer: 4,
      attentionTypes: [[['global', 'local'], 2]],
      window: 16,
    });
    expect(shorthand.attention).toEqual([
      { type: 'dense' },
      { type: 'local', window: 16 },
      { type: 'dense' },
      { type: 'local', window: 16 },
    ]);
    const explicit = createModelConfig({
      ...small,
      attention: [
        { type: 'fixed', block: 16, summary: 4 },
        { type: 'strided', stride: 8 },
      ],
    });
    expect(explicit.attention[0]).toEqual({ type: 'fixed', block: 16, summary: 4 });
  });

  it('round-trips through JSON', () => {
    const config = createModelConfig({ ...small, attentionTypes: [[['dense', 'local'], 1]], window: 8, name: 'x' });
    expect(createModelConfig(JSON.parse(JSON.stringify(config)) as ModelConfigInput)).toEqual(config);
  });

  it.each([
    [{ ...small, dModel: 30 }, 'nHead', 4, 'dModel (30) must be divisible by nHead'],
    [{ ...small, nLayer: 0 }, 'nLayer', 0, 'expected an integer >= 1'],
    [{ ...small, vocabSize: 12.5 }, 'vocabSize', 12.5, 'expected an integer >= 1'],
    [{ ...small, contextLength: '64' }, 'contextLength', '64', 'expected an integer >= 1'],
    [{ ...small, activation: 'swish' }, 'activation', 'swish', 'expected one of "gelu_new", "gelu", "relu"'],
    [{ ...small, layerNormEpsilon: 0 }, 'layerNormEpsilon', 0, 'expected a finite number > 0'],
    [{ ...small, layerNormPosition: 'middle' }, 'layerNormPosition', 'middle', 'expected one of "pre", "post"'],
    [{ ...small, dropout: { attention: 1 } }, 'dropout.attention', 1, 'expected a number in [0, 1)'],
    [{ ...small, dropout: { attn: 0.1 } }, 'dropout.attn', 0.1, 'unknown field'],
    [{ ...small, tieEmbeddings: 'yes' }, 'tieEmbeddings', 'yes', 'expected true or false'],
    [{ ...small, nlayer: 2 }, 'nlayer', 2, 'unknown field'],
    [{ ...small, attention: [{ type: 'dense' }] }, 'attention', '1 layers', 'exactly nLayer (2) layers'],
    [
      { ...small, attention: [{ type: 'dense' }, { type: 'local', window: 0 }] },
      'attention[1].window',
      0,
      'expected an integer >= 1',
    ],
    [
      { ...small, attentionTypes: [[['global', 'local'], 2]], window: 4 },
      'attentionTypes',
      '4 layers',
      'exactly nLayer (2) layers',
    ],
    [{ ...small, attentionTypes: [[['global', 'local'], 1]] }, 'window', undefined, '"local" layers need window'],
    [{ ...small, window: 8 }, 'window', 8, 'read only with the attentionTypes shorthand'],
    [
      { ...small, attention: [{ type: 'dense' }, { type: 'dense' }], attentionTypes: [[['dense'], 2]] },
      'attentionTypes',
      [[['dense'], 2]],
      'not both',
    ],
  ])('rejects %j naming the field, the value and what is allowed', (input, field, value, allowed) => {
    const error = errorOf(input);
    expect(error.field).toBe(field);
    expect(error.value).toEqual(value);
    expect(error.allowed).toContain(allowed);
    expect(error.message).toContain(field);
  });
});
