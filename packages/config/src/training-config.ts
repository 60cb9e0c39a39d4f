import { ConfigError } from './config-error.js';
import { requireInteger, requireNumber, requirePositive, requireProbability, requireRecord } from './validate.js';

/** Optimizer and schedule settings, in tokens rather than steps so they survive batch changes. */
export interface TrainingConfig {
  /** Peak learning rate, reached at the end of warmup. */
  readonly learningRate: number;
  /** Tokens per optimizer step (sequences × context length). */
  readonly batchSizeTokens: number;
  readonly adamBeta1: number;
  readonly adamBeta2: number;
  readonly adamEpsilon: number;
  /** Global gradient-norm clipping threshold. */
  readonly gradientClipNorm: number;
  /** Decoupled (AdamW) weight decay, applied to weight matrices only. */
  readonly weightDecay: number;
  /** Linear warmup length, in tokens. */
  readonly warmupTokens: number;
  /** Tokens over which the cosine decay runs, counted from the start of training. */
  readonly decayTokens: number;
  /** Where the cosine decay ends, as a fraction of the peak learning rate. */
  readonly minLearningRateFraction: number;
}

/** GPT-3's shared settings (Brown et al. 2020, Appendix B). */
const GPT3_SHARED = {
  adamBeta1: 0.9,
  adamBeta2: 0.95,
  adamEpsilon: 1e-8,
  gradientClipNorm: 1.0,
  weightDecay: 0.1,
  warmupTokens: 375e6,
  decayTokens: 260e9,
  minLearningRateFraction: 0.1,
} as const;

/** Learning rate and batch size of each GPT-3 size (Table 2.1). */
export const GPT3_TRAINING = {
  'gpt3-small': { ...GPT3_SHARED, learningRate: 6.0e-4, batchSizeTokens: 0.5e6 },
  'gpt3-medium': { ...GPT3_SHARED, learningRate: 3.0e-4, batchSizeTokens: 0.5e6 },
  'gpt3-large': { ...GPT3_SHARED, learningRate: 2.5e-4, batchSizeTokens: 0.5e6 },
  'gpt3-xl': { ...GPT3_SHARED, learningRate: 2.0e-4, batchSizeTokens: 1e6 },
  'gpt3-2.7b': { ...GPT3_SHARED, learningRate: 1.6e-4, batchSizeTokens: 1e6 },
  'gpt3-6.7b': { ...GPT3_SHARED, learningRate: 1.2e-4, batchSizeTokens: 2e6 },
  'gpt3-13b': { ...GPT3_SHARED, learningRate: 1.0e-4, batchSizeTokens: 2e6 },
  'gpt3-175b': { ...GPT3_SHARED, learningRate: 0.6e-4, batchSizeTokens: 3.2e6 },
} as const satisfies Record<string, TrainingConfig>;

const TRAINING_FIELDS: readonly (keyof TrainingConfig)[] = [
  'learningRate',
  'batchSizeTokens',
  'adamBeta1',
  'adamBeta2',
  'adamEpsilon',
  'gradientClipNorm',
  'weightDecay',
  'warmupTokens',
  'decayTokens',
  'minLearningRateFraction',
];

/**
 * Validates training settings; absent fields take GPT-3's values (learning rate and batch size
 * of GPT-3 Small).
 */
export function createTrainingConfig(input: Partial<TrainingConfig> = {}): TrainingConfig {
  const raw = requireRecord('training', input);
  for (const key of Object.keys(raw)) {
    if (!(TRAINING_FIELDS as readonly string[]).includes(key)) {
      throw new ConfigError(key, raw[key], `unknown field; known fields are ${TRAINING_FIELDS.join(', ')}`);
    }
  }
  const merged = { ...GPT3_TRAINING['gpt3-small'], ...input };
  const config: TrainingConfig = {
    learningRate: requirePositive('learningRate', merged.learningRate),
    batchSizeTokens: requireInteger('batchSizeTokens', merged.batchSizeTokens, 1),
    adamBeta1: requireProbability('adamBeta1', merged.adamBeta1),
    adamBeta2: requireProbability('adamBeta2', merged.adamBeta2),
    adamEpsilon: requirePositive('adamEpsilon', merged.adamEpsilon),
    gradientClipNorm: requirePositive('gradientClipNorm', merged.gradientClipNorm),
    weightDecay: requireNumber('weightDecay', merged.weightDecay, { min: 0 }),
    warmupTokens: requireNumber('warmupTokens', merged.warmupTokens, { min: 0 }),
    decayTokens: requirePositive('decayTokens', merged.decayTokens),
    minLearningRateFraction: requireNumber('minLearningRateFraction', merged.minLearningRateFraction, {
      min: 0,
      max: 1,
    }),
  };
  if (config.warmupTokens > config.decayTokens) {
    throw new ConfigError('warmupTokens', config.warmupTokens, `must not exceed decayTokens (${config.decayTokens})`);
  }
  return Object.freeze(config);
}

/**
 * The learning rate after `tokensSeen` tokens: linear warmup from 0 to the peak, then cosine
 * decay to `minLearningRateFraction` of the peak at `decayTokens`, constant after that.
 */
export function learningRateAt(config: TrainingConfig, tokensSeen: number): number {
  const { learningRate: peak, warmupTokens, decayTokens, minLearningRateFraction } = config;
  if (tokensSeen < warmupTokens) return (peak * tokensSeen) / warmupTokens;
  if (tokensSeen >= decayTokens) return peak * minLearningRateFraction;
  const progress = (tokensSeen - warmupTokens) / (decayTokens - warmupTokens);
  const cosine = 0.5 * (1 + Math.cos(Math.PI * progress));
  return peak * (minLearningRateFraction + (1 - minLearningRateFraction) * cosine);
}
