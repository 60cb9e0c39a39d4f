import { renderLineChart } from '@fewshot/common';
import type { LossCurve } from './loss-curve.js';

const TRAIN_COLOR = '#4e79a7';
const VALID_COLOR = '#e15759';

/**
 * An SVG line chart of a run (`renderLineChart` of `@fewshot/common`): training loss per step,
 * lightly drawn, and validation loss at each evaluation, with markers, against the step.
 * Undefined while the curve has no finite loss to plot (no step yet).
 */
export function lossChartSvg(curve: LossCurve, title = 'Loss'): string | undefined {
  const train = curve.steps.map((record) => [record.step, record.loss] as const);
  const valid = curve.evaluations.map((record) => [record.step, record.loss] as const);
  if (![...train, ...valid].some(([, loss]) => Number.isFinite(loss))) return undefined;
  return renderLineChart({
    title,
    xLabel: 'step',
    yLabel: 'loss (nats/token)',
    series: [
      { name: 'train', points: train, color: TRAIN_COLOR, markers: false, strokeWidth: 1.2, opacity: 0.8 },
      { name: 'validation', points: valid, color: VALID_COLOR },
    ],
  });
}
