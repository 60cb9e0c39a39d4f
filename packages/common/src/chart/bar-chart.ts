import { CHART_COLORS, escapeXml, px, svgOpen } from './svg.js';

/** One bar: which series it belongs to (its colour and legend entry) and its value. */
export interface Bar {
  readonly series: string;
  readonly value: number;
}

export interface BarChart {
  readonly title: string;
  /** Unit of the values, shown after each bar's label. */
  readonly unit: string;
  /** One group of bars per row (e.g. a strategy), one bar per series (e.g. a distribution). */
  readonly groups: readonly { readonly label: string; readonly bars: readonly Bar[] }[];
  /** An optional vertical line, e.g. a budget or a ceiling. */
  readonly reference?: { readonly label: string; readonly value: number };
}

const WIDTH = 720;
const LABEL_WIDTH = 250;
const RIGHT = 170;
const BAR_HEIGHT = 12;
const GROUP_GAP = 10;
const TOP = 40;

/**
 * A standalone SVG of horizontal grouped bars on a linear axis from zero: for throughputs and
 * per-token times side by side, where the ratios between bars are what a reader compares. A
 * value that is not finite draws no bar and reads `—`.
 */
export function renderBarChart(chart: BarChart): string {
  const series = [...new Set(chart.groups.flatMap((group) => group.bars.map((bar) => bar.series)))];
  const values = chart.groups
    .flatMap((group) => group.bars.map((bar) => bar.value))
    .filter((value) => Number.isFinite(value) && value >= 0);
  const max = Math.max(...values, chart.reference?.value ?? 0);
  if (!(max > 0)) throw new RangeError(`chart "${chart.title}": no positive value to plot`);
  const plotWidth = WIDTH - LABEL_WIDTH - RIGHT;
  const groupHeight = series.length * BAR_HEIGHT + GROUP_GAP;
  const height = TOP + chart.groups.length * groupHeight + 30;
  const x = (value: number): number => LABEL_WIDTH + (Math.max(0, value) / max) * plotWidth;
  const color = (name: string): string => CHART_COLORS[series.indexOf(name) % CHART_COLORS.length] ?? 'black';
  const parts = svgOpen(WIDTH, height, chart.title);
  chart.groups.forEach((group, g) => {
    const top = TOP + g * groupHeight;
    const labelY = px(top + (series.length * BAR_HEIGHT) / 2 + 4);
    parts.push(`<text x="${LABEL_WIDTH - 8}" y="${labelY}" text-anchor="end">${escapeXml(group.label)}</text>`);
    for (const bar of group.bars) {
      const y = top + series.indexOf(bar.series) * BAR_HEIGHT;
      const value = Number.isFinite(bar.value) ? bar.value : 0;
      const label = `${Number.isFinite(bar.value) ? formatValue(bar.value) : '—'} ${escapeXml(chart.unit)}`;
      parts.push(
        `<rect class="bar" x="${LABEL_WIDTH}" y="${y}" width="${px(x(value) - LABEL_WIDTH)}" ` +
          `height="${BAR_HEIGHT - 2}" fill="${color(bar.series)}"/>`,
        `<text x="${px(x(value) + 4)}" y="${y + BAR_HEIGHT - 3}" font-size="10">${label}</text>`,
      );
    }
  });
  if (chart.reference !== undefined) {
    const referenceX = px(x(chart.reference.value));
    const label = escapeXml(chart.reference.label);
    parts.push(
      `<line x1="${referenceX}" x2="${referenceX}" y1="${TOP - 6}" y2="${height - 26}" ` +
        'stroke="#444" stroke-dasharray="4 3"/>',
      `<text x="${referenceX}" y="${height - 12}" text-anchor="middle" font-size="10">${label}</text>`,
    );
  }
  series.forEach((name, i) => {
    const y = TOP + 10 + 18 * i;
    parts.push(
      `<rect x="${WIDTH - RIGHT + 40}" y="${y - 8}" width="12" height="10" fill="${color(name)}"/>`,
      `<text x="${WIDTH - RIGHT + 58}" y="${y + 1}">${escapeXml(name)}</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

/** Three significant digits, no exponent for the ranges benchmarks produce. */
function formatValue(value: number): string {
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  return value >= 1 ? value.toFixed(2) : value.toPrecision(3);
}
