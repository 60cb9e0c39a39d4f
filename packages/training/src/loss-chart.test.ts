import { describe, expect, it } from 'vitest';
import { lossChartSvg, niceTicks } from './loss-chart.js';
import type { LossCurve } from './loss-curve.js';

const CURVE: LossCurve = {
  steps: [1, 2, 3, 4].map((step) => ({ step, loss: 5 - step, learningRate: 1e-3, gradientNorm: 1, tokensSeen: step * 64, seconds: step })),
  evaluations: [{ step: 2, loss: 3.5, perplexity: Math.exp(3.5), bitsPerByte: null }, { step: 4, loss: 1.8, perplexity: Math.exp(1.8), bitsPerByte: 1.1 }],
};

describe('niceTicks', () => {
  it('covers the range with 1/2/5 × 10ⁿ steps', () => {
    expect(niceTicks(0, 4)).toEqual([0, 1, 2, 3, 4]);
    expect(niceTicks(0, 1000)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(niceTicks(1.83, 4.12)).toEqual([1.5, 2, 2.5, 3, 3.5, 4, 4.5]);
  });
});

describe('lossChartSvg', () => {
  it('draws the training loss per step and the validation loss per evaluation, lower loss lower down', () => {
    const svg = lossChartSvg(CURVE, 'run <1>');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('run &lt;1&gt;');
    const paths = [...svg.matchAll(/<path d="([^"]+)"/g)].map((match) => match[1] ?? '');
    expect(paths).toHaveLength(2);
    const trainPoints = [...(paths[0] ?? '').matchAll(/[ML]([\d.]+),([\d.]+)/g)].map((match) => [Number(match[1]), Number(match[2])] as const);
    expect(trainPoints).toHaveLength(4);
    for (let i = 1; i < trainPoints.length; i++) {
      expect(trainPoints[i]![0]).toBeGreaterThan(trainPoints[i - 1]![0]);
      // The loss falls every step, so each point sits lower on the page (larger y).
      expect(trainPoints[i]![1]).toBeGreaterThan(trainPoints[i - 1]![1]);
    }
    expect(svg.match(/<circle /g)).toHaveLength(2);
  });

  it('says so when there is nothing to draw', () => {
    expect(lossChartSvg({ steps: [], evaluations: [] })).toContain('no steps yet');
  });
});
