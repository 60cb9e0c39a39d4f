import { OptionError, optionCheckers } from '@fewshot/common';
import { GPT3_TRAINING } from '@fewshot/config';
import { SAVE_DTYPES, type SaveDtype } from '@fewshot/model';

/** Everything that shapes a training run; {@link resolveTrainOptions} fills the defaults. */
export interface TrainOptions {
  /** Optimizer steps of the whole run (the cosine decay ends here). */
  readonly steps: number;
  /** Sequences per micro-batch. */
  readonly batchSize: number;
  /** Micro-batches whose gradients are summed into one optimizer step. */
  readonly accumulate: number;
  /**
   * Replicas of the model that compute each step's micro-batches side by side (data parallel),
   * each on its own backend with one WASM thread (`$FEWSHOT_WASM_THREADS` where set), each taking
   * `accumulate / workers` of the micro-batches: this thread and `workers − 1` worker threads, or
   * `workers` worker threads where this thread's backend runs another thread count. It changes the
   * speed, not the run: the loss curve is the one `workers: 1` gives, up to the order of float
   * additions (and, where this thread runs more threads, the threaded build's rounding).
   */
  readonly workers: number;
  /** Tokens per training sequence (at most the model's context). */
  readonly seqLen: number;
  /** Peak learning rate. */
  readonly learningRate: number;
  readonly warmupSteps: number;
  /** Learning rate at the end of the decay, as a fraction of the peak (GPT-3: 0.1). */
  readonly minLearningRateRatio: number;
  readonly weightDecay: number;
  /** Decay the token and position embeddings too (GPT-3 does not). */
  readonly decayEmbeddings: boolean;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  /** Global gradient-norm clipping threshold. */
  readonly gradientClipNorm: number;
  readonly seed: number;
  /** Evaluate on the held-out data every this many steps (0: only at the end). */
  readonly evalEvery: number;
  /** Held-out batches per evaluation. */
  readonly evalBatches: number;
  /** Checkpoint every this many steps (0: only at the end). */
  readonly checkpointEvery: number;
  /** Stop cleanly, with a checkpoint, after this many minutes of this process (0: no limit). */
  readonly maxMinutes: number;
  /**
   * Stop cleanly, with a checkpoint, once this step is done (0: run to `steps`). The schedule
   * still ends at `steps`, so `--resume` continues the same run: a recipe can change its data at
   * an exact step.
   */
  readonly stopAtStep: number;
  /** Dtype of the saved `model.safetensors`. */
  readonly dtype: SaveDtype;
}

/** GPT-3's optimizer settings (Brown et al. 2020, Appendix B) and small-run defaults for the rest. */
export const DEFAULT_TRAIN_OPTIONS: Omit<TrainOptions, 'seqLen'> = {
  steps: 1000,
  batchSize: 8,
  accumulate: 1,
  workers: 1,
  learningRate: GPT3_TRAINING['gpt3-small'].learningRate,
  warmupSteps: 100,
  minLearningRateRatio: GPT3_TRAINING['gpt3-small'].minLearningRateFraction,
  weightDecay: GPT3_TRAINING['gpt3-small'].weightDecay,
  decayEmbeddings: false,
  beta1: GPT3_TRAINING['gpt3-small'].adamBeta1,
  beta2: GPT3_TRAINING['gpt3-small'].adamBeta2,
  epsilon: GPT3_TRAINING['gpt3-small'].adamEpsilon,
  gradientClipNorm: GPT3_TRAINING['gpt3-small'].gradientClipNorm,
  seed: 0,
  evalEvery: 100,
  evalBatches: 8,
  checkpointEvery: 100,
  maxMinutes: 0,
  stopAtStep: 0,
  dtype: 'float32',
};

export const TRAIN_OPTION_NAMES = [...Object.keys(DEFAULT_TRAIN_OPTIONS), 'seqLen'] as readonly (keyof TrainOptions)[];

/** A training option with a bad value: names the field, the value and what is allowed (`.field` for callers). */
export class TrainOptionError extends OptionError {
  override readonly name: string = 'TrainOptionError';
}

const { requireBoolean, requireInteger, requireNumber, requireOneOf, requirePositive } =
  optionCheckers(TrainOptionError);

/**
 * Validates `input` over the defaults (`seqLen` defaults to the model's context and may not
 * exceed it). Unknown fields are errors, so a typo in a config file is not silently ignored.
 */
export function resolveTrainOptions(input: Readonly<Record<string, unknown>>, contextLength: number): TrainOptions {
  for (const key of Object.keys(input)) {
    if (!(TRAIN_OPTION_NAMES as readonly string[]).includes(key)) {
      throw new TrainOptionError(key, input[key], `expected a known option (${TRAIN_OPTION_NAMES.join(', ')})`);
    }
  }
  const merged = { ...DEFAULT_TRAIN_OPTIONS, seqLen: contextLength, ...input } as Record<keyof TrainOptions, unknown>;
  const integer = (field: keyof TrainOptions, min: number, max?: number): number =>
    requireInteger(field, merged[field], min, max);
  const number = (field: keyof TrainOptions, min: number, max: number, minOpen = false): number =>
    requireNumber(field, merged[field], { min, max, minOpen });
  const dtype = requireOneOf('dtype', merged.dtype, SAVE_DTYPES);
  const decayEmbeddings = requireBoolean('decayEmbeddings', merged.decayEmbeddings);
  const accumulate = integer('accumulate', 1);
  const workers = integer('workers', 1);
  if (accumulate % workers !== 0) {
    const allowed =
      `expected a divisor of accumulate (${accumulate}): ` + 'each worker takes accumulate / workers micro-batches';
    throw new TrainOptionError('workers', workers, allowed);
  }
  return {
    steps: integer('steps', 1),
    batchSize: integer('batchSize', 1),
    accumulate,
    workers,
    seqLen: integer('seqLen', 1, contextLength),
    learningRate: number('learningRate', 0, 10, true),
    warmupSteps: integer('warmupSteps', 0),
    minLearningRateRatio: number('minLearningRateRatio', 0, 1),
    weightDecay: number('weightDecay', 0, 1),
    decayEmbeddings,
    beta1: number('beta1', 0, 1),
    beta2: number('beta2', 0, 1),
    epsilon: number('epsilon', 0, 1, true),
    gradientClipNorm: requirePositive('gradientClipNorm', merged.gradientClipNorm),
    seed: integer('seed', 0, 0xffffffff),
    evalEvery: integer('evalEvery', 0),
    evalBatches: integer('evalBatches', 1),
    checkpointEvery: integer('checkpointEvery', 0),
    maxMinutes: requireNumber('maxMinutes', merged.maxMinutes, { min: 0 }),
    stopAtStep: integer('stopAtStep', 0),
    dtype,
  };
}
