import { describe, expect, it } from 'vitest';
import { checkCondition, checkTarget, countStatuses, notMeasured } from './targets.js';

describe('checkTarget', () => {
  const base = { issue: 4, description: 'speedup ≥ 10×', threshold: 10 } as const;

  it('meets an "at least" target at or above the threshold', () => {
    expect(checkTarget({ ...base, comparison: 'at least', value: 10 }).status).toBe('met');
    expect(checkTarget({ ...base, comparison: 'at least', value: 12.5 }).status).toBe('met');
    expect(checkTarget({ ...base, comparison: 'at least', value: 9.99 }).status).toBe('not met');
  });

  it('meets an "at most" target at or below the threshold', () => {
    expect(checkTarget({ ...base, comparison: 'at most', value: 10 }).status).toBe('met');
    expect(checkTarget({ ...base, comparison: 'at most', value: 10.01 }).status).toBe('not met');
  });

  it('never meets a target with no value, in either direction', () => {
    for (const comparison of ['at least', 'at most'] as const) {
      for (const value of [Number.NaN, Infinity, -Infinity]) {
        expect(checkTarget({ ...base, comparison, value, measured: 'failed' })).toEqual({
          issue: 4,
          description: 'speedup ≥ 10×',
          measured: 'no value (failed)',
          status: 'not measured',
        });
      }
    }
  });

  it('shows the given measurement, or the value with two decimals', () => {
    expect(checkTarget({ ...base, comparison: 'at least', value: 12.345 }).measured).toBe('12.35');
    expect(
      checkTarget({ ...base, comparison: 'at least', value: 12.345, measured: '12.3× (1 vs 12 ms)' }).measured,
    ).toBe('12.3× (1 vs 12 ms)');
  });
});

describe('checkCondition, notMeasured and countStatuses', () => {
  it('counts each status', () => {
    const targets = [
      checkCondition(3, 'identical ids', true, 'identical'),
      checkCondition(3, 'round trip', false, 'differs at 12'),
      notMeasured(4, 'vs gpt-tfjs', 'quick mode'),
      checkTarget({ issue: 5, description: 'share', value: 0.05, comparison: 'at most', threshold: 0.1 }),
    ];
    expect(targets.map((target) => target.status)).toEqual(['met', 'not met', 'not measured', 'met']);
    expect(countStatuses(targets)).toEqual({ met: 2, 'not met': 1, 'not measured': 1 });
  });
});
