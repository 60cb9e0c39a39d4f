import { describe, expect, it } from 'vitest';
import { learningRateAtStep } from './learning-rate.js';

describe('learningRateAtStep', () => {
  const schedule = { peak: 6e-4, warmupSteps: 10, decaySteps: 110, minRatio: 0.1 };

  it('warms up linearly, then decays along a cosine to 10% of the peak', () => {
    // Step s runs at the rate after s + 1 steps: 1/10, 5/10, … of the peak during warmup.
    expect(learningRateAtStep(schedule, 0)).toBeCloseTo(6e-5, 12);
    expect(learningRateAtStep(schedule, 4)).toBeCloseTo(3e-4, 12);
    expect(learningRateAtStep(schedule, 9)).toBeCloseTo(6e-4, 12);
    // Halfway through the decay: 0.1 + 0.9 · (1 + cos(π/2))/2 = 0.55 of the peak.
    expect(learningRateAtStep(schedule, 59)).toBeCloseTo(0.55 * 6e-4, 12);
    // A quarter of the way: 0.1 + 0.9 · (1 + cos(π/4))/2.
    expect(learningRateAtStep(schedule, 34)).toBeCloseTo((0.1 + 0.45 * (1 + Math.SQRT1_2)) * 6e-4, 12);
    expect(learningRateAtStep(schedule, 109)).toBeCloseTo(6e-5, 12);
    expect(learningRateAtStep(schedule, 500)).toBeCloseTo(6e-5, 12);
  });

  it('starts at the peak without warmup', () => {
    expect(learningRateAtStep({ ...schedule, warmupSteps: 0 }, 0)).toBeCloseTo(
      6e-4 * (0.1 + 0.45 * (1 + Math.cos(Math.PI / 110))),
      12,
    );
  });
});
