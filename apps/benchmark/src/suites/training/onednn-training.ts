import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ModelConfig } from '@fewshot/config';
import { oneDnnDefault } from '@fewshot/model/node';
import { median } from '../../framework/stats.js';
import { type TargetCheck, checkCondition } from '../../framework/targets.js';
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
 * `rounds` times each, in fresh processes that alternate (off, on, on, off, …) so that drift in
 * the machine's load hits both alike.
 */
export async function compareOneDnnTraining(
  config: ModelConfig,
  plan: StepPlan,
  rounds: number,
): Promise<OneDnnTraining> {
  const times: Record<'0' | '1', number[]> = { '0': [], '1': [] };
  for (let round = 0; round < rounds; round++) {
    for (const setting of round % 2 === 0 ? (['0', '1'] as const) : (['1', '0'] as const)) {
      const env = { ...process.env, TF_ENABLE_ONEDNN_OPTS: setting, TF_CPP_MIN_LOG_LEVEL: '2' };
      const args = [PROBE, JSON.stringify(config), JSON.stringify(plan)];
      const { stdout } = await promisify(execFile)(process.execPath, args, { env });
      times[setting].push((JSON.parse(stdout) as TrainingTiming).tokensPerSecond);
    }
  }
  return { plan, rounds, offTokensPerSecond: median(times['0']), onTokensPerSecond: median(times['1']) };
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
