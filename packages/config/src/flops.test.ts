import { describe, expect, it } from 'vitest';
import { attentionFlops, forwardFlopsPerToken, trainingFlopsPerToken } from './flops.js';
import { createModelConfig } from './model-config.js';
import { countParameters } from './parameters.js';
import { getPreset } from './presets.js';

describe('FLOPs', () => {
  it('a dense model matches Kaplan et al. 2020: 2·N + 2·n_layer·n_ctx·d_model, plus the LM head', () => {
    const config = getPreset('gpt2');
    const { nonEmbedding } = countParameters(config);
    const kaplan =
      2 * nonEmbedding +
      2 * config.nLayer * config.contextLength * config.dModel +
      2 * config.dModel * config.vocabSize;
    const ours = forwardFlopsPerToken(config).total;
    expect(Math.abs(ours - kaplan) / kaplan).toBeLessThan(0.01);
  });

  it('GPT-3 175B trained on 300B tokens costs the 3.14e23 FLOPs of the paper (Table D.1)', () => {
    const total = trainingFlopsPerToken(getPreset('gpt3-175b')) * 300e9;
    expect(Math.abs(total - 3.14e23) / 3.14e23).toBeLessThan(0.02);
  });

  it('sparse (locally banded) layers grow linearly with context, dense ones quadratically', () => {
    const d = 768;
    const local = (n: number) => attentionFlops({ type: 'local', window: 256 }, n, d);
    const dense = (n: number) => attentionFlops({ type: 'dense' }, n, d);
    // Past the band every extra position costs the same: equal steps, zero second difference.
    for (const n of [512, 2048, 8192]) {
      expect(local(n + 1024) - local(n)).toBe(local(n + 2048) - local(n + 1024));
      expect(local(n + 1024) - local(n)).toBe(2 * 2 * d * 256 * 1024);
      expect(dense(n + 2048) - dense(n + 1024)).toBeGreaterThan(dense(n + 1024) - dense(n));
    }
    expect(dense(8192) / dense(4096)).toBeCloseTo(4, 2);
    const fixed = (n: number) => attentionFlops({ type: 'fixed', block: 128, summary: 8 }, n, d);
    expect(fixed(8192) / fixed(4096)).toBeLessThan(dense(8192) / dense(4096));
  });

  it('per-token attention cost of a local layer stays flat as the context grows; a dense one does not', () => {
    const config = createModelConfig({
      vocabSize: 1000,
      contextLength: 8192,
      dModel: 64,
      nLayer: 2,
      nHead: 4,
      attentionTypes: [[['dense', 'local'], 1]],
      window: 128,
    });
    const short = forwardFlopsPerToken(config, 4096).attentionPerLayer;
    const long = forwardFlopsPerToken(config, 8192).attentionPerLayer;
    expect((long[1] ?? 0) / (short[1] ?? 1)).toBeCloseTo(1, 1);
    expect((long[0] ?? 0) / (short[0] ?? 1)).toBeCloseTo(2, 2);
  });

  it('counts each attended pair as two dot products of length d_model', () => {
    // A 3-token dense sequence attends 1 + 2 + 3 = 6 pairs.
    expect(attentionFlops({ type: 'dense' }, 3, 10)).toBe(6 * 2 * 2 * 10);
  });

  it('rejects a sequence longer than the context', () => {
    expect(() => forwardFlopsPerToken(getPreset('gpt2'), 1025)).toThrow(
      'sequenceLength = 1025 is invalid: expected an integer in 1..1024',
    );
  });
});
