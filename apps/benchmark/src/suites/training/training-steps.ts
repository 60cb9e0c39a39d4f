import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trainingFlopsPerToken } from '@fewshot/config';
import type { GptModel } from '@fewshot/model';
import {
  AdamW,
  TokenWindows,
  batchGradients,
  clipByGlobalNorm,
  decaysByDefault,
  resolveTrainOptions,
  train,
} from '@fewshot/training';
import * as tf from '@tensorflow/tfjs-core';
import { median } from '../../framework/stats.js';
import { matMulWorkload } from '../matmul/matmul-timing.js';
import { sampleIds } from '../model/generation-timing.js';

/** What one configuration of training steps measured. */
export interface TrainingTiming {
  readonly batchSize: number;
  readonly seqLen: number;
  /** Timed steps (after one untimed warm-up step). */
  readonly steps: number;
  readonly stepMs: number;
  readonly tokensPerSecond: number;
  /** Training GFLOP/s: 3 × forward FLOPs per token (forward + backward) × tokens/s. */
  readonly gflops: number;
  /** matMul GFLOP/s on the model's forward projection shapes at batch × seqLen rows, timed between the steps. */
  readonly ceilingGflops: number;
}

export interface StepPlan {
  readonly batchSize: number;
  readonly seqLen: number;
  readonly steps: number;
}

/** A packed stream long enough for every window of the run (token values do not change the cost). */
function syntheticStream(model: GptModel, plan: StepPlan): Int32Array {
  return Int32Array.from(sampleIds((plan.steps + 2) * plan.batchSize * plan.seqLen + 1, model.config.vocabSize));
}

/**
 * Times the steps of a run, with the matMul ceiling timed in between: `onStep` is called right
 * after each step ends; it times one pass of the model's matrix products, and the next step's
 * time starts after it. The first step (kernel set-up) is left out of both.
 */
function stepClock(model: GptModel, plan: StepPlan): { onStep(): void; result(): TrainingTiming; dispose(): void } {
  const workload = matMulWorkload(model.config, plan.batchSize * plan.seqLen);
  const stepTimes: number[] = [];
  const matMulTimes: number[] = [];
  let stepStart = performance.now();
  return {
    onStep() {
      const end = performance.now();
      stepTimes.push(end - stepStart);
      if (stepTimes.length > 1) {
        workload.run();
        matMulTimes.push(performance.now() - end);
      }
      stepStart = performance.now();
    },
    result() {
      const timed = stepTimes.slice(1);
      const stepMs = median(timed);
      const tokensPerSecond = (plan.batchSize * plan.seqLen * 1000) / stepMs;
      return {
        ...plan,
        steps: timed.length,
        stepMs,
        tokensPerSecond,
        gflops: (trainingFlopsPerToken(model.config, plan.seqLen) * tokensPerSecond) / 1e9,
        ceilingGflops: workload.flops / median(matMulTimes) / 1e6,
      };
    },
    dispose() {
      workload.dispose();
    },
  };
}

/**
 * Runs `train` of @fewshot/training — the trainer itself, with AdamW, clipping and the schedule —
 * for `plan.steps + 1` steps on a synthetic stream (no evaluation, one checkpoint at the end,
 * into a temporary directory that is removed), timing each step through its step events.
 */
export async function timeTrainer(model: GptModel, plan: StepPlan): Promise<TrainingTiming> {
  const out = await mkdtemp(join(tmpdir(), 'fewshot-bench-train-'));
  const clock = stepClock(model, plan);
  try {
    const options = resolveTrainOptions(
      {
        steps: plan.steps + 1,
        batchSize: plan.batchSize,
        seqLen: plan.seqLen,
        warmupSteps: 1,
        evalEvery: 0,
        checkpointEvery: 0,
      },
      model.config.contextLength,
    );
    await train({
      model,
      options,
      train: syntheticStream(model, plan),
      out,
      onEvent: (event) => {
        if (event.type === 'step') clock.onStep();
      },
    });
    return clock.result();
  } finally {
    clock.dispose();
    await rm(out, { recursive: true, force: true });
  }
}

/**
 * The same step as `train` runs it — `batchGradients`, `clipByGlobalNorm`, `AdamW.apply` —
 * without the final checkpoint `train` writes (for GPT-3 Small that is 1.5 GB of weights and
 * optimizer moments, which would dwarf a few timed steps).
 */
export async function timeTrainingSteps(model: GptModel, plan: StepPlan): Promise<TrainingTiming> {
  const options = resolveTrainOptions({ batchSize: plan.batchSize, seqLen: plan.seqLen }, model.config.contextLength);
  const variables = new Map<string, tf.Variable>(
    [...model.namedWeights()].map(([name, weight]) => {
      const value = weight.read();
      if (!(value instanceof tf.Variable)) throw new Error(`weight "${name}" is not a trainable variable`);
      return [name, value] as const;
    }),
  );
  const optimizer = new AdamW(
    [...variables].map(([name, variable]) => ({ name, variable, decays: decaysByDefault(name, variable.shape) })),
    { beta1: options.beta1, beta2: options.beta2, epsilon: options.epsilon, weightDecay: options.weightDecay },
  );
  const windows = new TokenWindows(syntheticStream(model, plan), plan.seqLen, options.seed);
  const clock = stepClock(model, plan);
  try {
    for (let step = 0; step <= plan.steps; step++) {
      const { gradients } = batchGradients(model, variables, [windows.next(plan.batchSize)]);
      let current = gradients;
      try {
        current = clipByGlobalNorm(gradients, options.gradientClipNorm).gradients;
        optimizer.apply(current, options.learningRate);
      } finally {
        // Also when the step fails (out of memory, say): the suite goes on in this process.
        tf.dispose([...gradients.values(), ...current.values()]);
      }
      clock.onStep();
      await new Promise((done) => setImmediate(done));
    }
    return clock.result();
  } finally {
    clock.dispose();
    optimizer.dispose();
  }
}
