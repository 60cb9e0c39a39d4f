import { CHART_COLORS, escapeXml } from './svg.js';

/** One line of a chart: points `[x, y]` with positive coordinates. */
export interface ChartSeries {
  readonly name: string;
  readonly points: readonly (readonly [number, number])[];
}

export interface LogLogChart {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly ChartSeries[];
}

const WIDTH = 760;
const HEIGHT = 400;
const MARGIN = { left: 70, right: 260, top: 40, bottom: 50 };

/** Powers of ten covering [min, max], for grid lines. */
function decades(min: number, max: number): number[] {
  const out: number[] = [];
  for (let exponent = Math.floor(Math.log10(min)); exponent <= Math.ceil(Math.log10(max)); exponent++) out.push(10 ** exponent);
  return out;
}

/**
 * A standalone SVG line chart with logarithmic axes: on it a cost that grows like n^k is a
 * straight line of slope k, so linear and quadratic growth are told apart at a glance.
 */
export function renderLogLogChart(chart: LogLogChart): string {
  const points = chart.series.flatMap((series) => series.points).filter(([x, y]) => x > 0 && y > 0);
  if (points.length === 0) throw new RangeError(`chart "${chart.title}": no positive points to plot`);
  const xs = points.map(([x]) => x);
  const ys = points.map(([, y]) => y);
  const yTicks = decades(Math.min(...ys), Math.max(...ys));
  const [xMin, xMax] = [Math.log10(Math.min(...xs)), Math.log10(Math.max(...xs))];
  const [yMin, yMax] = [Math.log10(yTicks[0]!), Math.log10(yTicks.at(-1)!)];
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const px = (x: number): number => MARGIN.left + ((Math.log10(x) - xMin) / (xMax - xMin || 1)) * plotWidth;
  const py = (y: number): number => MARGIN.top + plotHeight - ((Math.log10(y) - yMin) / (yMax - yMin || 1)) * plotHeight;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="14">${escapeXml(chart.title)}</text>`,
  ];
  for (const y of yTicks) {
    parts.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotWidth}" y1="${py(y).toFixed(1)}" y2="${py(y).toFixed(1)}" stroke="#ddd"/>`);
    parts.push(`<text x="${MARGIN.left - 6}" y="${(py(y) + 4).toFixed(1)}" text-anchor="end">${y}</text>`);
  }
  for (const x of [...new Set(xs)].sort((a, b) => a - b)) {
    parts.push(`<line y1="${MARGIN.top}" y2="${MARGIN.top + plotHeight}" x1="${px(x).toFixed(1)}" x2="${px(x).toFixed(1)}" stroke="#eee"/>`);
    parts.push(`<text x="${px(x).toFixed(1)}" y="${MARGIN.top + plotHeight + 16}" text-anchor="middle">${x}</text>`);
  }
  parts.push(`<text x="${MARGIN.left + plotWidth / 2}" y="${HEIGHT - 10}" text-anchor="middle">${escapeXml(chart.xLabel)}</text>`);
  parts.push(`<text transform="translate(16 ${MARGIN.top + plotHeight / 2}) rotate(-90)" text-anchor="middle">${escapeXml(chart.yLabel)}</text>`);
  chart.series.forEach((series, i) => {
    const color = CHART_COLORS[i % CHART_COLORS.length] ?? 'black';
    const visible = series.points.filter(([x, y]) => x > 0 && y > 0);
    const path = visible.map(([x, y], j) => `${j === 0 ? 'M' : 'L'}${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(' ');
    parts.push(`<path d="${path}" fill="none" stroke="${color}" stroke-width="2"/>`);
    for (const [x, y] of visible) parts.push(`<circle cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="3" fill="${color}"/>`);
    const legendY = MARGIN.top + 10 + 18 * i;
    parts.push(`<line x1="${WIDTH - MARGIN.right + 12}" x2="${WIDTH - MARGIN.right + 32}" y1="${legendY}" y2="${legendY}" stroke="${color}" stroke-width="2"/>`);
    parts.push(`<text x="${WIDTH - MARGIN.right + 38}" y="${legendY + 4}">${escapeXml(series.name)}</text>`);
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
