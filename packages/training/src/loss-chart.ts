import type { LossCurve } from './loss-curve.js';

const WIDTH = 720;
const HEIGHT = 400;
const MARGIN = { top: 36, right: 24, bottom: 48, left: 64 };
const TRAIN_COLOR = '#4e79a7';
const VALID_COLOR = '#e15759';

/**
 * An SVG line chart of a run: training loss (per step, lightly drawn) and validation loss (at
 * each evaluation, with markers) against the step, on linear axes with "nice" ticks. Standalone
 * (no scripts or external styles), so it can be opened directly or embedded in a README.
 */
export function lossChartSvg(curve: LossCurve, title = 'Loss'): string {
  const train = curve.steps.map((record) => [record.step, record.loss] as const).filter(([, loss]) => Number.isFinite(loss));
  const valid = curve.evaluations.map((record) => [record.step, record.loss] as const).filter(([, loss]) => Number.isFinite(loss));
  const points = [...train, ...valid];
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="15">${escapeXml(title)}</text>`,
  ];
  if (points.length === 0) {
    parts.push(`<text x="${WIDTH / 2}" y="${HEIGHT / 2}" text-anchor="middle">no steps yet</text>`, '</svg>');
    return `${parts.join('\n')}\n`;
  }
  const xTicks = niceTicks(0, Math.max(1, ...points.map(([step]) => step)));
  const yTicks = niceTicks(Math.min(...points.map(([, loss]) => loss)), Math.max(...points.map(([, loss]) => loss)));
  const [xMin, xMax] = [xTicks[0] ?? 0, xTicks.at(-1) ?? 1];
  const [yMin, yMax] = [yTicks[0] ?? 0, yTicks.at(-1) ?? 1];
  const x = (step: number): number => MARGIN.left + ((step - xMin) / (xMax - xMin || 1)) * plotWidth;
  const y = (loss: number): number => MARGIN.top + plotHeight - ((loss - yMin) / (yMax - yMin || 1)) * plotHeight;
  for (const tick of yTicks) {
    parts.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotWidth}" y1="${fixed(y(tick))}" y2="${fixed(y(tick))}" stroke="#e5e5e5"/>`,
      `<text x="${MARGIN.left - 8}" y="${fixed(y(tick) + 4)}" text-anchor="end">${formatTick(tick)}</text>`,
    );
  }
  for (const tick of xTicks) {
    parts.push(`<text x="${fixed(x(tick))}" y="${MARGIN.top + plotHeight + 18}" text-anchor="middle">${formatTick(tick)}</text>`);
  }
  parts.push(
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#999"/>`,
    `<text x="${MARGIN.left + plotWidth / 2}" y="${HEIGHT - 10}" text-anchor="middle">step</text>`,
    `<text transform="translate(16 ${MARGIN.top + plotHeight / 2}) rotate(-90)" text-anchor="middle">loss (nats/token)</text>`,
  );
  const path = (series: readonly (readonly [number, number])[]): string =>
    series.map(([step, loss], i) => `${i === 0 ? 'M' : 'L'}${fixed(x(step))},${fixed(y(loss))}`).join(' ');
  if (train.length > 0) parts.push(`<path d="${path(train)}" fill="none" stroke="${TRAIN_COLOR}" stroke-width="1.2" stroke-opacity="0.8"/>`);
  if (valid.length > 0) {
    parts.push(`<path d="${path(valid)}" fill="none" stroke="${VALID_COLOR}" stroke-width="2"/>`);
    for (const [step, loss] of valid) parts.push(`<circle cx="${fixed(x(step))}" cy="${fixed(y(loss))}" r="3" fill="${VALID_COLOR}"/>`);
  }
  const legendX = MARGIN.left + plotWidth - 150;
  parts.push(
    `<line x1="${legendX}" x2="${legendX + 20}" y1="${MARGIN.top + 16}" y2="${MARGIN.top + 16}" stroke="${TRAIN_COLOR}" stroke-width="2"/>`,
    `<text x="${legendX + 26}" y="${MARGIN.top + 20}">train</text>`,
    `<line x1="${legendX}" x2="${legendX + 20}" y1="${MARGIN.top + 34}" y2="${MARGIN.top + 34}" stroke="${VALID_COLOR}" stroke-width="2"/>`,
    `<text x="${legendX + 26}" y="${MARGIN.top + 38}">validation</text>`,
    '</svg>',
  );
  return `${parts.join('\n')}\n`;
}

/** About five round tick values (1, 2 or 5 × 10ⁿ apart) covering [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (min === max) return [min - 1, min, min + 1];
  const rough = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= rough) ?? 10 * power;
  const first = Math.floor(min / step) * step;
  const ticks: number[] = [];
  for (let tick = first; tick < max + step * 0.999; tick += step) ticks.push(Number(tick.toPrecision(12)));
  return ticks;
}

function formatTick(value: number): string {
  return Math.abs(value) >= 1e4 ? value.toExponential(1) : String(Number(value.toPrecision(6)));
}

function fixed(value: number): string {
  return value.toFixed(1);
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (character) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[character] ?? character);
}
