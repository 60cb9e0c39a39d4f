import { describe, expect, it } from 'vitest';
import { renderLineChart } from './line-chart.js';

/** The `d` attribute of each path, as [x, y] pixel pairs. */
function paths(svg: string): [number, number][][] {
  return [...svg.matchAll(/<path d="([^"]+)"/g)].map(([, d]) =>
    (d ?? '').split(' ').map((step) => step.slice(1).split(',').map(Number) as [number, number]),
  );
}

/** Pixel position of each tick label along its axis, by label text. */
function tickLabels(svg: string, anchor: 'end' | 'middle'): Map<string, number> {
  const pattern = new RegExp(`<text x="([\\d.]+)" y="([\\d.]+)" text-anchor="${anchor}">([^<]+)</text>`, 'g');
  return new Map([...svg.matchAll(pattern)].map(([, x, y, label]) => [label!, Number(anchor === 'end' ? y : x)]));
}

describe('renderLineChart', () => {
  it('draws nᵏ as a straight line of slope k on log axes', () => {
    const chart = renderLineChart({
      title: 'cost <n>',
      xLabel: 'n',
      yLabel: 'ms',
      xScale: 'log',
      yScale: 'log',
      series: [
        {
          name: 'quadratic',
          points: [
            [100, 1],
            [1000, 100],
            [10000, 10000],
          ],
        },
        {
          name: 'linear',
          points: [
            [100, 1],
            [1000, 10],
            [10000, 100],
          ],
        },
      ],
    });
    const [quadratic, linear] = paths(chart);
    const slope = (line: [number, number][] | undefined, i: number): number => {
      const [x0, y0] = line?.[i] ?? [0, 0];
      const [x1, y1] = line?.[i + 1] ?? [0, 0];
      return (y0 - y1) / (x1 - x0);
    };
    // Pixels per decade differ between the axes; the ratio of the two slopes does not.
    expect(slope(quadratic, 0) / slope(linear, 0)).toBeCloseTo(2, 1);
    expect(slope(quadratic, 1)).toBeCloseTo(slope(quadratic, 0), 1);
    expect(chart.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(chart).toContain('cost &lt;n&gt;');
    expect(chart).toContain('>quadratic</text>');
    expect(chart).toContain('>linear</text>');
  });

  it('places points on linear axes where their tick labels are', () => {
    const chart = renderLineChart({
      title: 'loss',
      xLabel: 'step',
      yLabel: 'loss',
      series: [
        {
          name: 'train',
          points: [
            [0, 4],
            [40, 3],
            [100, 2],
          ],
          markers: false,
        },
      ],
    });
    const [train] = paths(chart);
    const xTicks = tickLabels(chart, 'middle');
    const yTicks = tickLabels(chart, 'end');
    expect(train?.map(([x]) => x)).toEqual(
      [xTicks.get('0'), xTicks.get('40'), xTicks.get('100')].map((x) => Number(x!.toFixed(1))),
    );
    expect(train?.map(([, y]) => y)).toEqual(
      [yTicks.get('4'), yTicks.get('3'), yTicks.get('2')].map((y) => Number((y! - 4).toFixed(1))),
    );
    expect(chart).not.toContain('<circle');
  });

  it('leaves out points an axis cannot show, and refuses a chart with none', () => {
    const chart = renderLineChart({
      title: 't',
      xLabel: 'x',
      yLabel: 'y',
      yScale: 'log',
      series: [
        {
          name: 'a',
          points: [
            [1, 0],
            [2, 10],
            [3, Number.NaN],
            [4, 100],
          ],
        },
      ],
    });
    expect(paths(chart)[0]).toHaveLength(2);
    const empty = {
      title: 'empty',
      xLabel: 'x',
      yLabel: 'y',
      xScale: 'log' as const,
      series: [{ name: 'a', points: [[0, 1] as const] }],
    };
    expect(() => renderLineChart(empty)).toThrow('chart "empty": no points to plot');
  });
});
