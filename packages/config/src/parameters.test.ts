import { describe, expect, it } from 'vitest';
import { createModelConfig } from './model-config.js';
import { countParameters, formatCount } from './parameters.js';

describe('countParameters', () => {
  it('counts every weight of a tiny model, checked by hand', () => {
    // d=4, ff=16, vocab=10, ctx=8, 1 layer:
    // qkv 4·12+12=60, out 16+4=20, mlp 4·16+16+16·4+4=148, 2 LNs 16 → 244 per layer;
    // embeddings 40 + 32, final LN 8, tied head 0.
    const config = createModelConfig({ vocabSize: 10, contextLength: 8, dModel: 4, nLayer: 1, nHead: 2 });
    expect(countParameters(config)).toEqual({
      tokenEmbedding: 40,
      positionEmbedding: 32,
      perLayer: 244,
      layers: 244,
      finalLayerNorm: 8,
      lmHead: 0,
      total: 324,
      nonEmbedding: 252,
    });
  });

  it('adds an untied head and drops q/k/v biases when configured', () => {
    const base = { vocabSize: 10, contextLength: 8, dModel: 4, nLayer: 1, nHead: 2 };
    expect(countParameters(createModelConfig({ ...base, tieEmbeddings: false })).lmHead).toBe(40);
    expect(countParameters(createModelConfig({ ...base, qkvBias: false })).perLayer).toBe(244 - 12);
  });
});

describe('formatCount', () => {
  it('uses the units papers use', () => {
    expect(formatCount(124_439_808)).toBe('124M');
    expect(formatCount(1.3e9)).toBe('1.30B');
    expect(formatCount(13e9)).toBe('13.0B');
    expect(formatCount(175e9)).toBe('175B');
    expect(formatCount(999)).toBe('999');
  });
});
