import { type TrainingConfig, createTrainingConfig, learningRateAt } from '@fewshot/config';

export interface LearningRateSchedule {
  /** Peak learning rate, reached at the end of warmup. */
  readonly peak: number;
  /** Steps of linear warmup from 0 to the peak. */
  readonly warmupSteps: number;
  /** Step at which the cosine decay ends (usually the run's last step). */
  readonly decaySteps: number;
  /** Where the decay ends, as a fraction of the peak (GPT-3: 0.1). */
  readonly minRatio: number;
}

/**
 * The learning rate of optimizer step `step` (0-based): `@fewshot/config`'s GPT-3 schedule
 * (linear warmup, cosine decay to `minRatio`·peak) counted in steps. Step `s` uses the rate at
 * `s + 1` steps seen, so the first step of a warmup does not run at a learning rate of 0.
 */
export function learningRateAtStep(schedule: LearningRateSchedule, step: number): number {
  return learningRateAt(scheduleAsTrainingConfig(schedule), step + 1);
}

/** The schedule in `TrainingConfig` units, with one "token" per step (validated there). */
function scheduleAsTrainingConfig(schedule: LearningRateSchedule): TrainingConfig {
  return createTrainingConfig({
    learningRate: schedule.peak,
    warmupTokens: Math.min(schedule.warmupSteps, schedule.decaySteps),
    decayTokens: Math.max(1, schedule.decaySteps),
    minLearningRateFraction: schedule.minRatio,
  });
}
