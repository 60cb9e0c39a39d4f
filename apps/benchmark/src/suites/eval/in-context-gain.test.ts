import type { TaskResult } from '@fewshot/prompting';
import { describe, expect, it } from 'vitest';
import { inContextGain } from './in-context-gain.js';

const task = (name: string, byShots: Record<number, number>): TaskResult => ({
  task: name,
  kind: 'episode',
  runs: Object.entries(byShots).map(([shots, value]) => ({
    shots: Number(shots),
    items: 10,
    metrics: { exact_match: value },
  })),
});

describe('inContextGain', () => {
  it('averages the metric over tasks at K = 0, 1 and the largest K all tasks ran', () => {
    const gain = inContextGain(
      [task('a', { 0: 0.1, 1: 0.3, 8: 0.6, 16: 0.9 }), task('b', { 0: 0.0, 1: 0.1, 8: 0.5, 16: 0.7 })],
      'exact_match',
    );
    expect(gain.fewShots).toBe(16);
    expect(gain.zero).toBeCloseTo(0.05, 12);
    expect(gain.one).toBeCloseTo(0.2, 12);
    expect(gain.few).toBeCloseTo(0.8, 12);
    expect(gain.gain).toBeCloseTo(0.75, 12);
    expect(gain.oneBetween).toBe(true);
  });

  it('uses the largest K common to every task, and flags a one-shot outside the range', () => {
    const gain = inContextGain(
      [task('a', { 0: 0.2, 1: 0.9, 8: 0.4, 16: 0.5 }), task('b', { 0: 0.2, 1: 0.9, 8: 0.6 })],
      'exact_match',
    );
    expect(gain.fewShots).toBe(8);
    expect(gain.few).toBeCloseTo(0.5, 12);
    expect(gain.oneBetween).toBe(false);
  });

  it('is NaN without results or without a few-shot run', () => {
    expect(inContextGain([], 'exact_match').gain).toBeNaN();
    expect(inContextGain([task('a', { 0: 0.2, 1: 0.3 })], 'exact_match').gain).toBeNaN();
  });
});
