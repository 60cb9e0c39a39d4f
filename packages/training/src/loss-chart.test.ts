import { describe, expect, it } from 'vitest';
import { lossChartSvg } from './loss-chart.js';
import type { LossCurve } from './loss-curve.js';

const CURVE: LossCurve = {
  steps: [1, 2, 3, 4].map((step) => ({
    step,
    loss: 5 - step,
    learningRate: 1e-3,
    gradientNorm: 1,
    tokensSeen: step * 64,
    seconds: step,
  })),
  evaluations: [
    { step: 2, loss: 3.5, perplexity: Math.exp(3.5), bitsPerByte: null },
    { step: 4, loss: 1.8, perplexity: Math.exp(1.8), bitsPerByte: 1.1 },
  ],
};

describe('lossChartSvg', () => {
  it('draws the training loss per step and the validation loss per evaluation, lower loss lower down', () => {
    const svg = lossChartSvg(CURVE, 'run <1>') ?? '';
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('run &lt;1&gt;');
    const paths = [...svg.matchAll(/<path d="([^"]+)"/g)].map((match) => match[1] ?? '');
    expect(paths).toHaveLength(2);
    const trainPoints = [...(paths[0] ?? '').matchAll(/[ML]([\d.]+),([\d.]+)/g)].map(
      (match) => [Number(match[1]), Number(match[2])] as const,
    );
    expect(trainPoints).toHaveLength(4);
    for (let i = 1; i < trainPoints.length; i++) {
      expect(trainPoints[i]![0]).toBeGreaterThan(trainPoints[i - 1]![0]);
      // The loss falls every step, so each point sits lower on the page (larger y).
      expect(trainPoints[i]![1]).toBeGreaterThan(trainPoints[i - 1]![1]);
    }
    expect(svg.match(/<circle /g)).toHaveLength(2);
  });

  it('draws no chart while there is no finite loss to plot', () => {
    expect(lossChartSvg({ steps: [], evaluations: [] })).toBeUndefined();
    const diverged = { ...CURVE.steps[0]!, loss: Number.NaN };
    expect(lossChartSvg({ steps: [diverged], evaluations: [] })).toBeUndefined();
  });
});
