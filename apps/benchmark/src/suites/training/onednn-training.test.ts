import { describe, expect, it } from 'vitest';
import { oneDnnTrainingTarget } from './onednn-training.js';

const plan = { batchSize: 8, seqLen: 256, steps: 5 };

describe('oneDnnTrainingTarget', () => {
  it("is met when the faster setting is selectBackend's training default (on)", () => {
    const target = oneDnnTrainingTarget({ plan, rounds: 3, offTokensPerSecond: 2000, onTokensPerSecond: 2300 });
    expect(target.status).toBe('met');
    expect(target.measured).toBe(
      'off 2000, on 2300 tokens/s (on/off 1.15×, median of 3 fresh processes each); default on',
    );
  });

  it('is not met when oneDNN trained slower than with it off', () => {
    const target = oneDnnTrainingTarget({ plan, rounds: 3, offTokensPerSecond: 2300, onTokensPerSecond: 2000 });
    expect(target.status).toBe('not met');
    expect(target.issue).toBe(20);
  });
});
