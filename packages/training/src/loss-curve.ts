import { join } from 'node:path';
import { writeFileAtomic } from '@fewshot/common/node';
import { lossChartSvg } from './loss-chart.js';

/** One optimizer step of a run. */
export interface StepRecord {
  readonly step: number;
  /** Mean training loss of the step's batch, nats per token. */
  readonly loss: number;
  readonly learningRate: number;
  /** Global gradient norm before clipping. */
  readonly gradientNorm: number;
  readonly tokensSeen: number;
  /** Training seconds since the run began (over resumes). */
  readonly seconds: number;
}

/** One evaluation on the held-out data. */
export interface EvaluationRecord {
  readonly step: number;
  readonly loss: number;
  readonly perplexity: number;
  readonly bitsPerByte: number | null;
}

export interface LossCurve {
  readonly steps: readonly StepRecord[];
  readonly evaluations: readonly EvaluationRecord[];
}

export const LOSS_CURVE_FILES = { csv: 'loss-curve.csv', json: 'loss-curve.json', svg: 'loss-curve.svg' } as const;

/** One row per step; the validation columns are filled on the steps that were evaluated. */
export function lossCurveCsv(curve: LossCurve): string {
  const evaluations = new Map(curve.evaluations.map((record) => [record.step, record]));
  const header =
    'step,train_loss,valid_loss,valid_perplexity,valid_bits_per_byte,learning_rate,gradient_norm,tokens_seen,seconds';
  const rows = curve.steps.map((record) => {
    const evaluation = evaluations.get(record.step);
    return [
      record.step,
      record.loss,
      evaluation?.loss ?? '',
      evaluation?.perplexity ?? '',
      evaluation?.bitsPerByte ?? '',
      record.learningRate,
      record.gradientNorm,
      record.tokensSeen,
      record.seconds.toFixed(3),
    ].join(',');
  });
  return `${[header, ...rows].join('\n')}\n`;
}

/**
 * Writes `loss-curve.csv`, `loss-curve.json` and the `loss-curve.svg` chart into `directory`, each
 * atomically; the chart only once there is a loss to plot.
 */
export async function writeLossCurve(directory: string, curve: LossCurve): Promise<void> {
  await writeFileAtomic(join(directory, LOSS_CURVE_FILES.csv), lossCurveCsv(curve));
  await writeFileAtomic(join(directory, LOSS_CURVE_FILES.json), `${JSON.stringify(curve)}\n`);
  const chart = lossChartSvg(curve);
  if (chart !== undefined) await writeFileAtomic(join(directory, LOSS_CURVE_FILES.svg), chart);
}
