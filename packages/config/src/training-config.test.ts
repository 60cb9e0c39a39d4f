import { describe, expect, it } from 'vitest';
import { GPT3_TRAINING, createTrainingConfig, learningRateAt } from './training-config.js';

describe('training config', () => {
  it("has GPT-3's optimizer settings (Brown et al. 2020, Appendix B)", () => {
    for (const config of Object.values(GPT3_TRAINING)) {
      expect(config).toMatchObject({
        adamBeta1: 0.9,
        adamBeta2: 0.95,
        adamEpsilon: 1e-8,
        gradientClipNorm: 1,
        weightDecay: 0.1,
        warmupTokens: 375e6,
        decayTokens: 260e9,
        minLearningRateFraction: 0.1,
      });
    }
    expect(GPT3_TRAINING['gpt3-175b']).toMatchObject({ learningRate: 0.6e-4, batchSizeTokens: 3.2e6 });
    expect(GPT3_TRAINING['gpt3-small']).toMatchObject({ learningRate: 6e-4, batchSizeTokens: 0.5e6 });
  });

  it('warms up linearly, then decays along a cosine to 10% of the peak', () => {
    const config = createTrainingConfig({ learningRate: 1, warmupTokens: 100, decayTokens: 1100 });
    expect(learningRateAt(config, 0)).toBe(0);
    expect(learningRateAt(config, 50)).toBeCloseTo(0.5);
    expect(learningRateAt(config, 100)).toBeCloseTo(1);
    // Halfway through the decay the cosine is at 0: midway between peak and floor.
    expect(learningRateAt(config, 600)).toBeCloseTo(0.55);
    expect(learningRateAt(config, 1100)).toBeCloseTo(0.1);
    expect(learningRateAt(config, 5000)).toBeCloseTo(0.1);
  });

  it('rejects bad values naming the field', () => {
    expect(() => createTrainingConfig({ adamBeta2: 1 })).toThrow(
      'adamBeta2 = 1 is invalid: expected a number in [0, 1)',
    );
    expect(() => createTrainingConfig({ learningRate: -1 })).toThrow('learningRate = -1 is invalid');
    expect(() => createTrainingConfig({ warmupTokens: 10, decayTokens: 5 })).toThrow(
      'warmupTokens = 10 is invalid: must not exceed decayTokens (5)',
    );
    expect(() => createTrainingConfig({ lr: 1 } as never)).toThrow('lr = 1 is invalid: unknown field');
  });
});
