import * as tf from '@tensorflow/tfjs-core';
import { mkdir, readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { type Random, createRandom, restoreRandom } from '@fewshot/common';
import type { GptModel } from '@fewshot/model';
import { AdamW, type AdamWState, decaysByDefault } from './adamw.js';
import { type Evaluation, type HeldOutData, evaluate } from './evaluate.js';
import { clipByGlobalNorm } from './gradient-clipping.js';
import { type BatchGradients, batchGradients, trainableVariables } from './gradients.js';
import { GradientWorkers } from './gradient-workers.js';
import { learningRateAtStep } from './learning-rate.js';
import { type EvaluationRecord, type LossCurve, type StepRecord, writeLossCurve } from './loss-curve.js';
import { explainOutOfMemory } from './out-of-memory-advice.js';
import { type DataPosition, type TokenBatch, TokenWindows } from './token-windows.js';
import type { TrainOptions } from './train-options.js';
import { type TrainerState, removeStaleCheckpointFiles, saveTrainingCheckpoint } from './training-checkpoint.js';

const DROPOUT_SEEDS = 'dropout seeds';

/** Where a resumed run continues from (see `loadTrainingCheckpoint`). */
export interface ResumePoint {
  /** The checkpoint directory, returned as the result's checkpoint when no step is left to train. */
  readonly directory?: string;
  readonly optimizer: AdamWState;
  readonly trainer: TrainerState;
}

export interface TrainInput {
  /** The model to train in place (fresh, or loaded from a checkpoint). */
  readonly model: GptModel;
  readonly options: TrainOptions;
  /** The packed training stream (see `packDocuments`). */
  readonly train: Int32Array;
  readonly valid?: HeldOutData;
  /** Output directory: checkpoints, loss curve. */
  readonly out: string;
  /**
   * Tokenizer files copied into every checkpoint, so each is a usable model directory. They are
   * read once at the start: they may live in a checkpoint directory that a later checkpoint replaces.
   */
  readonly tokenizerFiles?: readonly string[];
  readonly resume?: ResumePoint;
  /** Saved in every checkpoint's `trainer-state.json` as `run` (e.g. the data paths, to resume with fewer flags). */
  readonly run?: Readonly<Record<string, unknown>>;
  /** Called after every step, evaluation and checkpoint (e.g. a progress bar). */
  readonly onEvent?: (event: TrainEvent) => void;
  /** Aborting stops the run after the current step, with a checkpoint. */
  readonly signal?: AbortSignal;
  /** Read for elapsed time; tests may pass a fake. */
  readonly now?: () => number;
}

export type TrainEvent =
  | {
      readonly type: 'step';
      readonly record: StepRecord;
      readonly tokensPerSecond: number;
      readonly totalSteps: number;
    }
  | { readonly type: 'evaluation'; readonly record: EvaluationRecord }
  | { readonly type: 'checkpoint'; readonly step: number; readonly directory: string };

export interface TrainResult {
  readonly step: number;
  readonly curve: LossCurve;
  /** The last checkpoint written. */
  readonly checkpoint: string;
  /** Training tokens per second of this process (steps only, not evaluation or checkpoints). */
  readonly tokensPerSecond: number;
  /** Why the run ended before `options.steps`, if it did. */
  readonly stoppedBy?: 'max-minutes' | 'stop-at-step' | 'signal';
  readonly lastEvaluation?: Evaluation;
}

/**
 * Trains `model` with AdamW (decoupled weight decay on matrices), the GPT-3 learning-rate
 * schedule, global gradient-norm clipping and gradient accumulation, on contiguous windows of
 * a packed token stream; evaluates, checkpoints and writes the loss curve as configured. The
 * run is a pure function of the seed, the data and the options: the same inputs give the same
 * loss curve, and a run resumed from a checkpoint continues it exactly. With `workers` > 1,
 * worker threads compute part of each step's micro-batches (see `GradientWorkers`); the curve
 * stays the one of a single thread, up to the order of float additions.
 */
export async function train(input: TrainInput): Promise<TrainResult> {
  const { model, options } = input;
  const now = input.now ?? (() => performance.now());
  const out = resolve(input.out);
  await mkdir(out, { recursive: true });
  await removeStaleCheckpointFiles(out);
  const tokenizerFiles = new Map(
    await Promise.all(
      (input.tokenizerFiles ?? []).map(async (path) => [basename(path), await readFile(path)] as const),
    ),
  );
  const variables = trainableVariables(model);
  const optimizer = new AdamW(
    [...variables].map(([name, variable]) => ({
      name,
      variable,
      decays: decaysByDefault(name, variable.shape, options.decayEmbeddings),
    })),
    { beta1: options.beta1, beta2: options.beta2, epsilon: options.epsilon, weightDecay: options.weightDecay },
  );
  const windows = new TokenWindows(input.train, options.seqLen, options.seed);
  const dropoutRandom = dropoutSeedRandom(input.resume?.trainer.rngState, options.seed);
  const steps: StepRecord[] = [...((input.resume?.trainer.curve as LossCurve | undefined)?.steps ?? [])];
  const evaluations: EvaluationRecord[] = [
    ...((input.resume?.trainer.curve as LossCurve | undefined)?.evaluations ?? []),
  ];
  let step = 0;
  let tokensSeen = 0;
  let priorSeconds = 0;
  if (input.resume !== undefined) {
    optimizer.loadState(input.resume.optimizer);
    ({ step, tokensSeen, elapsedSeconds: priorSeconds } = input.resume.trainer);
    windows.seek(resumedPosition(input.resume.trainer, options, windows.windowCount));
  }
  const schedule = {
    peak: options.learningRate,
    warmupSteps: options.warmupSteps,
    decaySteps: options.steps,
    minRatio: options.minLearningRateRatio,
  };
  const tokensPerStep = options.batchSize * options.accumulate * options.seqLen;
  const started = now();
  // A stop step at or before where this run starts (e.g. one saved in the checkpoint a run
  // resumes from) has already been honoured: it does not stop this run again.
  const stopAtStep = options.stopAtStep > step ? options.stopAtStep : 0;
  let trainingMilliseconds = 0;
  let trainedTokens = 0;
  let lastEvaluation: Evaluation | undefined;
  let checkpoint: string | undefined;
  let stoppedBy: TrainResult['stoppedBy'];

  const curve = (): LossCurve => ({ steps, evaluations });
  const seconds = (): number => priorSeconds + (now() - started) / 1000;
  const runEvaluation = (): void => {
    if (input.valid === undefined) return;
    lastEvaluation = evaluate(model, input.valid, {
      seqLen: options.seqLen,
      batchSize: options.batchSize,
      batches: options.evalBatches,
    });
    const record: EvaluationRecord = {
      step,
      loss: lastEvaluation.loss,
      perplexity: lastEvaluation.perplexity,
      bitsPerByte: lastEvaluation.bitsPerByte ?? null,
    };
    evaluations.push(record);
    input.onEvent?.({ type: 'evaluation', record });
  };
  const saveCheckpoint = async (): Promise<void> => {
    const trainer: TrainerState = {
      step,
      tokensSeen,
      data: windows.position,
      rngState: dropoutRandom.state(),
      elapsedSeconds: seconds(),
      options,
      run: input.run ?? {},
      curve: curve(),
    };
    checkpoint = await saveTrainingCheckpoint(out, {
      model,
      optimizer: optimizer.saveState(),
      trainer,
      tokenizerFiles,
      dtype: options.dtype,
    });
    await writeLossCurve(out, curve());
    input.onEvent?.({ type: 'checkpoint', step, directory: checkpoint });
  };

  const ownShare = (batches: readonly TokenBatch[], dropoutSeeds: readonly number[]): BatchGradients => {
    const share = { count: options.accumulate, dropoutSeeds };
    return explainOutOfMemory(options, () => batchGradients(model, variables, batches, share));
  };
  let workers: GradientWorkers | undefined;
  try {
    if (options.workers > 1) workers = await GradientWorkers.start(model, variables, options);
    while (step < options.steps) {
      const stepStart = now();
      const microBatches = Array.from({ length: options.accumulate }, () => windows.next(options.batchSize));
      // One dropout seed per micro-batch, so that it gets the same masks on whichever worker runs it.
      const dropoutSeeds = microBatches.map(() => dropoutRandom.uint32());
      const learningRate = learningRateAtStep(schedule, step);
      const { loss, gradients } =
        workers === undefined
          ? ownShare(microBatches, dropoutSeeds)
          : await workers.compute(step + 1, variables, microBatches, dropoutSeeds, ownShare);
      if (!Number.isFinite(loss)) {
        for (const gradient of gradients.values()) gradient.dispose();
        throw new Error(
          `training diverged at step ${step + 1}: loss is ${loss}; lower ` +
            `learningRate (now ${options.learningRate}) or raise warmupSteps`,
        );
      }
      const gradientNorm = explainOutOfMemory(options, () =>
        applyGradients(optimizer, gradients, options.gradientClipNorm, learningRate),
      );
      step++;
      tokensSeen += tokensPerStep;
      trainingMilliseconds += now() - stepStart;
      trainedTokens += tokensPerStep;
      const record: StepRecord = { step, loss, learningRate, gradientNorm, tokensSeen, seconds: seconds() };
      steps.push(record);
      input.onEvent?.({
        type: 'step',
        record,
        tokensPerSecond: (1000 * trainedTokens) / trainingMilliseconds,
        totalSteps: options.steps,
      });

      const last = step === options.steps;
      if (input.signal?.aborted === true && !last) stoppedBy = 'signal';
      else if (options.maxMinutes > 0 && now() - started >= options.maxMinutes * 60_000 && !last)
        stoppedBy = 'max-minutes';
      else if (stopAtStep > 0 && step >= stopAtStep && !last) stoppedBy = 'stop-at-step';
      if (last || stoppedBy !== undefined || (options.evalEvery > 0 && step % options.evalEvery === 0)) runEvaluation();
      if (last || stoppedBy !== undefined || (options.checkpointEvery > 0 && step % options.checkpointEvery === 0))
        await saveCheckpoint();
      if (stoppedBy !== undefined) break;
      // Lets signal handlers and timers run between the synchronous steps.
      await new Promise((done) => setImmediate(done));
    }
    // A resumed run with no step left keeps its checkpoint rather than rewriting it under the same name.
    if (checkpoint === undefined) {
      if (input.resume?.directory !== undefined && step === input.resume.trainer.step)
        checkpoint = input.resume.directory;
      else await saveCheckpoint();
    }
  } finally {
    optimizer.dispose();
    await workers?.close();
  }
  return {
    step,
    curve: curve(),
    checkpoint: checkpoint ?? out,
    tokensPerSecond: trainingMilliseconds > 0 ? (1000 * trainedTokens) / trainingMilliseconds : 0,
    ...(stoppedBy === undefined ? {} : { stoppedBy }),
    ...(lastEvaluation === undefined ? {} : { lastEvaluation }),
  };
}

/** The generator of each step's dropout seeds: fresh from the run's seed, or where a checkpoint left it. */
function dropoutSeedRandom(saved: TrainerState['rngState'] | undefined, seed: number): Random {
  if (saved === undefined) return createRandom(seed, DROPOUT_SEEDS);
  // One number is an older trainer's (mulberry32) state: it seeds a new stream, so such checkpoints still resume.
  return typeof saved === 'number' ? createRandom(saved, DROPOUT_SEEDS) : restoreRandom(saved);
}

/**
 * Clips `gradients` and lets `optimizer` apply them; returns their norm before clipping. Frees every gradient, also
 * when it throws.
 */
function applyGradients(
  optimizer: AdamW,
  gradients: Map<string, tf.Tensor>,
  maxNorm: number,
  learningRate: number,
): number {
  let current = gradients;
  try {
    const clipped = clipByGlobalNorm(gradients, maxNorm);
    current = clipped.gradients;
    optimizer.apply(current, learningRate);
    return clipped.norm;
  } finally {
    tf.dispose([...gradients.values(), ...current.values()]);
  }
}

/**
 * Where the data continues after a resume: the saved position, or, when the windows changed
 * (another seqLen, other data), the same share of tokens into the same epoch. Exactness needs the
 * same data and options; a changed batchSize keeps it (positions count windows).
 */
function resumedPosition(trainer: TrainerState, options: TrainOptions, windowCount: number): DataPosition {
  const { epoch, index } = trainer.data;
  const savedSeqLen = (trainer.options as Partial<TrainOptions> | undefined)?.seqLen ?? options.seqLen;
  return { epoch, index: Math.min(windowCount - 1, Math.floor((index * savedSeqLen) / options.seqLen)) };
}
