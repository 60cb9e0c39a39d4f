import { fileURLToPath } from 'node:url';
import type { ModelConfig } from '@fewshot/config';
import { oneDnnDefault } from '@fewshot/model/node';
import { runInFreshProcesses } from '../../framework/fresh-processes.js';
import { median } from '../../framework/stats.js';
import { type TargetCheck, checkCondition } from '../../framework/targets.js';
import { ONE_DNN_SETTINGS } from '../matmul/onednn-comparison.js';
import type { StepPlan, TrainingTiming } from './training-steps.js';

const PROBE = fileURLToPath(new URL('./training-probe.js', import.meta.url));

/** `fewshot train` on tensorflow with TensorFlow's oneDNN kernels off and on: median tokens/s of the runs. */
export interface OneDnnTraining {
  readonly plan: StepPlan;
  /** Runs per setting. */
  readonly rounds: number;
  readonly offTokensPerSecond: number;
  readonly onTokensPerSecond: number;
}

/**
 * Times `train` of `config` on the tensorflow backend with `TF_ENABLE_ONEDNN_OPTS=0` and `=1`,
 * `rounds` times each, in fresh processes that alternate (off, on, off, on, …) so that drift in
 * the machine's load hits both alike.
 */
export async function compareOneDnnTraining(
  config: ModelConfig,
  plan: StepPlan,
  rounds: number,
): Promise<OneDnnTraining> {
  const args = [JSON.stringify(config), JSON.stringify(plan)];
  const { off, on } = await runInFreshProcesses<'off' | 'on', TrainingTiming>(PROBE, args, ONE_DNN_SETTINGS, rounds);
  const tokensPerSecond = (runs: readonly TrainingTiming[]): number => median(runs.map((run) => run.tokensPerSecond));
  return { plan, rounds, offTokensPerSecond: tokensPerSecond(off), onTokensPerSecond: tokensPerSecond(on) };
}

export const ONE_DNN_TRAINING_TARGET =
  "fewshot train's default for TF_ENABLE_ONEDNN_OPTS on tensorflow is the faster one for the default model's training";

/** Whether `selectBackend`'s default for training is the setting that trained faster. */
export function oneDnnTrainingTarget(result: OneDnnTraining): TargetCheck {
  const onFaster = result.onTokensPerSecond >= result.offTokensPerSecond;
  const trainingDefault = oneDnnDefault('training');
  const measured =
    `off ${result.offTokensPerSecond.toFixed(0)}, on ${result.onTokensPerSecond.toFixed(0)} tokens/s ` +
    `(on/off ${(result.onTokensPerSecond / result.offTokensPerSecond).toFixed(2)}×, median of ${result.rounds} ` +
    `fresh processes each); default ${trainingDefault === '1' ? 'on' : 'off'}`;
  return checkCondition(20, ONE_DNN_TRAINING_TARGET, onFaster === (trainingDefault === '1'), measured);
}
