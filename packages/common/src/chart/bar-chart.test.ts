import { describe, expect, it } from 'vitest';
import { renderBarChart } from './bar-chart.js';

/** Widths of the bars, in drawing order. */
function barWidths(svg: string): number[] {
  return [...svg.matchAll(/<rect class="bar" [^>]*width="([\d.]+)"/g)].map(([, width]) => Number(width));
}

describe('renderBarChart', () => {
  const chart = renderBarChart({
    title: 'ms <per> token',
    unit: 'ms',
    groups: [
      {
        label: 'greedy',
        bars: [
          { series: 'zipf', value: 1 },
          { series: 'flat', value: 2 },
        ],
      },
      {
        label: 'top-p',
        bars: [
          { series: 'zipf', value: 4 },
          { series: 'flat', value: Number.NaN },
        ],
      },
    ],
    reference: { label: 'budget', value: 5 },
  });

  it('draws bar lengths proportional to the values, from zero; a missing value as no bar', () => {
    const widths = barWidths(chart);
    expect(widths).toHaveLength(4);
    expect(widths[1]! / widths[0]!).toBeCloseTo(2, 2);
    expect(widths[2]! / widths[0]!).toBeCloseTo(4, 2);
    expect(widths[3]).toBe(0);
    expect(chart).toContain('>— ms</text>');
  });

  it('escapes text and has a legend entry per series and the reference line', () => {
    expect(chart).toContain('ms &lt;per&gt; token');
    expect(chart).toContain('>zipf</text>');
    expect(chart).toContain('>flat</text>');
    expect(chart).toContain('stroke-dasharray');
    expect(chart).toContain('>budget</text>');
  });

  it('refuses a chart with nothing to plot', () => {
    const empty = { title: 'empty', unit: 'ms', groups: [{ label: 'a', bars: [{ series: 's', value: 0 }] }] };
    expect(() => renderBarChart(empty)).toThrow('chart "empty": no positive value to plot');
  });
});
