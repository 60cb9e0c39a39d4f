import { CHART_COLORS, escapeXml, px, svgOpen } from './svg.js';
import { formatTick, logTicks, niceTicks } from './ticks.js';

/** One line of a chart. */
export interface LineSeries {
  readonly name: string;
  readonly points: readonly (readonly [number, number])[];
  /** Default: the next of the shared chart colours. */
  readonly color?: string;
  /** A dot at every point. Default true; a dense series (a loss per step) reads better without. */
  readonly markers?: boolean;
  /** Stroke width in pixels. Default 2. */
  readonly strokeWidth?: number;
  /** Stroke opacity, 0..1. Default 1. */
  readonly opacity?: number;
}

export type AxisScale = 'linear' | 'log';

export interface LineChart {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly LineSeries[];
  /** Default linear. On log axes a cost that grows like nᵏ is a straight line of slope k. */
  readonly xScale?: AxisScale;
  readonly yScale?: AxisScale;
}

const WIDTH = 760;
const HEIGHT = 400;
const MARGIN = { left: 70, right: 240, top: 40, bottom: 50 };

interface Axis {
  readonly ticks: readonly number[];
  /** The value's position in 0..1 along the axis. */
  readonly at: (value: number) => number;
}

function axis(values: readonly number[], scale: AxisScale): Axis {
  const [min, max] = [Math.min(...values), Math.max(...values)];
  const ticks = scale === 'log' ? logTicks(min, max) : niceTicks(min, max);
  const map = scale === 'log' ? Math.log10 : (value: number) => value;
  const [low, high] = [map(ticks[0]!), map(ticks.at(-1)!)];
  return { ticks, at: (value) => (map(value) - low) / (high - low || 1) };
}

/**
 * A standalone SVG line chart — linear or logarithmic axes with round ticks, a legend to the
 * right — for loss curves and benchmark costs. Points a log axis cannot show (≤ 0) and
 * non-finite ones are left out.
 */
export function renderLineChart(chart: LineChart): string {
  const { xScale = 'linear', yScale = 'linear' } = chart;
  const shown = (point: readonly [number, number]): boolean =>
    point.every(Number.isFinite) && (xScale === 'linear' || point[0] > 0) && (yScale === 'linear' || point[1] > 0);
  const series = chart.series.map((line) => ({ ...line, points: line.points.filter(shown) }));
  const points = series.flatMap((line) => line.points);
  if (points.length === 0) throw new RangeError(`chart "${chart.title}": no points to plot`);
  const xAxis = axis(
    points.map(([x]) => x),
    xScale,
  );
  const yAxis = axis(
    points.map(([, y]) => y),
    yScale,
  );
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (value: number): number => MARGIN.left + xAxis.at(value) * plotWidth;
  const y = (value: number): number => MARGIN.top + plotHeight - yAxis.at(value) * plotHeight;
  const parts = svgOpen(WIDTH, HEIGHT, chart.title);
  const [left, right, top, bottom] = [MARGIN.left, MARGIN.left + plotWidth, MARGIN.top, MARGIN.top + plotHeight];
  for (const tick of yAxis.ticks) {
    const at = px(y(tick));
    parts.push(
      `<line x1="${left}" x2="${right}" y1="${at}" y2="${at}" stroke="#e5e5e5"/>`,
      `<text x="${left - 6}" y="${px(y(tick) + 4)}" text-anchor="end">${formatTick(tick)}</text>`,
    );
  }
  for (const tick of xAxis.ticks) {
    const at = px(x(tick));
    parts.push(
      `<line x1="${at}" x2="${at}" y1="${top}" y2="${bottom}" stroke="#f0f0f0"/>`,
      `<text x="${at}" y="${bottom + 16}" text-anchor="middle">${formatTick(tick)}</text>`,
    );
  }
  parts.push(
    `<rect x="${left}" y="${top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#999"/>`,
    `<text x="${left + plotWidth / 2}" y="${HEIGHT - 10}" text-anchor="middle">${escapeXml(chart.xLabel)}</text>`,
    `<text transform="translate(16 ${top + plotHeight / 2}) rotate(-90)" text-anchor="middle">` +
      `${escapeXml(chart.yLabel)}</text>`,
  );
  series.forEach((line, i) => {
    const color = line.color ?? CHART_COLORS[i % CHART_COLORS.length] ?? 'black';
    const stroke = `stroke="${color}" stroke-width="${line.strokeWidth ?? 2}" stroke-opacity="${line.opacity ?? 1}"`;
    if (line.points.length > 0) {
      const d = line.points
        .map(([pointX, pointY], j) => `${j === 0 ? 'M' : 'L'}${px(x(pointX))},${px(y(pointY))}`)
        .join(' ');
      parts.push(`<path d="${d}" fill="none" ${stroke}/>`);
    }
    if (line.markers ?? true) {
      for (const [pointX, pointY] of line.points)
        parts.push(`<circle cx="${px(x(pointX))}" cy="${px(y(pointY))}" r="3" fill="${color}"/>`);
    }
    const legendY = MARGIN.top + 10 + 18 * i;
    const legendX = WIDTH - MARGIN.right + 12;
    parts.push(
      `<line x1="${legendX}" x2="${legendX + 20}" y1="${legendY}" y2="${legendY}" ${stroke}/>`,
      `<text x="${legendX + 26}" y="${legendY + 4}">${escapeXml(line.name)}</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
