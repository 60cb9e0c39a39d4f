import { describe, expect, it } from 'vitest';
import { renderLogLogChart } from './log-log-chart.js';

/** The `d` attribute of each path, as [x, y] pixel pairs. */
function paths(svg: string): [number, number][][] {
  return [...svg.matchAll(/<path d="([^"]+)"/g)].map(([, d]) =>
    (d ?? '').split(' ').map((step) => step.slice(1).split(',').map(Number) as [number, number]),
  );
}

describe('renderLogLogChart', () => {
  const chart = renderLogLogChart({
    title: 'cost <n>',
    xLabel: 'n',
    yLabel: 'ms',
    series: [
      { name: 'quadratic', points: [[100, 1], [1000, 100], [10000, 10000]] },
      { name: 'linear', points: [[100, 1], [1000, 10], [10000, 100]] },
    ],
  });

  it('draws n^k as a straight line whose slope is k', () => {
    const [quadratic, linear] = paths(chart);
    const slope = (line: [number, number][] | undefined, i: number): number => {
      const [x0, y0] = line?.[i] ?? [0, 0];
      const [x1, y1] = line?.[i + 1] ?? [0, 0];
      return (y0 - y1) / (x1 - x0);
    };
    // Pixels per decade differ between the axes; the ratio of the two slopes does not.
    expect(slope(quadratic, 0) / slope(linear, 0)).toBeCloseTo(2, 1);
    expect(slope(quadratic, 1)).toBeCloseTo(slope(quadratic, 0), 1);
  });

  it('is a standalone SVG with escaped text and a legend entry per series', () => {
    expect(chart.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(chart).toContain('cost &lt;n&gt;');
    expect(chart).toContain('>quadratic</text>');
    expect(chart).toContain('>linear</text>');
  });

  it('refuses a chart with nothing to plot', () => {
    expect(() => renderLogLogChart({ title: 'empty', xLabel: 'x', yLabel: 'y', series: [{ name: 'a', points: [[0, 1]] }] })).toThrow('chart "empty": no positive points to plot');
  });
});
