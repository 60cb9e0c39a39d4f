import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModelConfig } from '@fewshot/config';
import { GptModel } from '@fewshot/model';
import { resolveTrainOptions, train } from '@fewshot/training';
import { median } from '../../framework/stats.js';
import { sampleIds } from '../model/generation-timing.js';

/** The step both configurations take: `accumulate` micro-batches of `batchSize` × `seqLen` tokens. */
export interface ScalingPlan {
  readonly batchSize: number;
  readonly seqLen: number;
  readonly accumulate: number;
  /** Timed steps per run (each run also takes one untimed warm-up step). */
  readonly steps: number;
  /** Runs per worker count, alternating (1, 2, then 2, 1, …) so that drift in the load hits both alike. */
  readonly rounds: number;
}

/** Training throughput with a number of workers. */
export interface WorkerTiming {
  readonly workers: number;
  /** Timed steps over every round. */
  readonly steps: number;
  /** Median step time. */
  readonly stepMs: number;
  readonly tokensPerSecond: number;
}

/**
 * Tokens/s of `train` of @fewshot/training with one worker and with `workers`, on the same model
 * shape, data, seed and step (the same micro-batches: one worker accumulates them, several share
 * them), in one process on the active backend. Each run takes `plan.steps + 1` steps on a
 * synthetic stream (no evaluation; its one checkpoint, at the end, is outside the timing) and
 * times each step through its step events; the first step (kernel set-up) is left out.
 */
export async function timeWorkerScaling(
  config: ModelConfig,
  plan: ScalingPlan,
  workers: number,
  log: (line: string) => void,
): Promise<readonly [WorkerTiming, WorkerTiming]> {
  const tokensPerStep = plan.batchSize * plan.accumulate * plan.seqLen;
  const stream = Int32Array.from(sampleIds((plan.steps + 2) * tokensPerStep + 1, config.vocabSize));
  const stepTimes = new Map<number, number[]>([
    [1, []],
    [workers, []],
  ]);
  for (let round = 0; round < plan.rounds; round++) {
    for (const count of round % 2 === 0 ? [1, workers] : [workers, 1]) {
      const times = await timeRun(config, plan, count, stream);
      stepTimes.get(count)?.push(...times);
      log(`${count} worker(s), round ${round + 1}: ${times.map((ms) => ms.toFixed(0)).join(', ')} ms per step`);
    }
  }
  const timing = (count: number): WorkerTiming => {
    const times = stepTimes.get(count) ?? [];
    const stepMs = median(times);
    return { workers: count, steps: times.length, stepMs, tokensPerSecond: (1000 * tokensPerStep) / stepMs };
  };
  return [timing(1), timing(workers)];
}

/** One training run's step times, the warm-up step left out. */
async function timeRun(config: ModelConfig, plan: ScalingPlan, workers: number, stream: Int32Array): Promise<number[]> {
  const out = await mkdtemp(join(tmpdir(), 'fewshot-bench-workers-'));
  const model = GptModel.create(config, { seed: 4 });
  const times: number[] = [];
  try {
    const schedule = { steps: plan.steps + 1, warmupSteps: 1, evalEvery: 0, checkpointEvery: 0 };
    const { batchSize, seqLen, accumulate } = plan;
    const options = resolveTrainOptions({ ...schedule, batchSize, seqLen, accumulate, workers }, config.contextLength);
    let previous = performance.now();
    await train({
      model,
      options,
      train: stream,
      out,
      onEvent: (event) => {
        if (event.type !== 'step') return;
        const now = performance.now();
        times.push(now - previous);
        previous = now;
      },
    });
    return times.slice(1);
  } finally {
    model.dispose();
    await rm(out, { recursive: true, force: true });
  }
}
