import { type GptModel, runningThreads } from '@fewshot/model';
import { wasmThreadsSetting } from '@fewshot/model/node';
import * as tf from '@tensorflow/tfjs-core';
import { Worker } from 'node:worker_threads';
import type { BatchGradients } from './gradients.js';
import { type WeightSlot, slotTensor, slotsLength, weightSlots, writeSlots } from './shared-weights.js';
import type { TokenBatch } from './token-windows.js';
import { TrainOptionError, type TrainOptions } from './train-options.js';
import { WorkerChannel } from './worker-channel.js';
import type { StepRequest, WorkerReply, WorkerSetup } from './worker-messages.js';

/** Computes the gradients of some micro-batches on this thread (`batchGradients` with the step's count). */
export type OwnShare = (batches: readonly TokenBatch[], dropoutSeeds: readonly number[]) => BatchGradients;

/**
 * Data-parallel gradients: `options.workers` replicas of the model, each on its own backend,
 * compute a share of each step's micro-batches. Every replica runs the same WASM threads: one
 * (the replicas share the cores), or `$FEWSHOT_WASM_THREADS` where it is set. This thread is the
 * first replica when its backend runs that many (always on `cpu`); otherwise, e.g. on the `wasm`
 * backend's default of two threads on four cores or more, it only coordinates and a worker thread
 * takes its share.
 * The weights go to the workers through one shared buffer, written before each step; each worker
 * leaves its gradients in a shared buffer of its own, and this thread adds them in replica order,
 * so the sum is the same on every run.
 */
export class GradientWorkers {
  private constructor(
    /** Whether this thread computes the first share. */
    private readonly ownShare: boolean,
    private readonly channels: readonly WorkerChannel<StepRequest, WorkerReply>[],
    private readonly slots: readonly WeightSlot[],
    private readonly weights: Float32Array,
    private readonly gradients: readonly Float32Array[],
  ) {}

  /** Starts the workers and waits until each has built its replica; fails if one cannot. */
  static async start(
    model: GptModel,
    variables: ReadonlyMap<string, tf.Variable>,
    options: TrainOptions,
  ): Promise<GradientWorkers> {
    const backend = tf.getBackend();
    if (backend !== 'wasm' && backend !== 'cpu') {
      const allowed = `expected 1 on the "${backend}" backend: worker threads run the wasm or cpu backend`;
      throw new TrainOptionError('workers', options.workers, allowed);
    }
    const threads = backend === 'wasm' ? (wasmThreadsSetting(process.env) ?? 1) : 1;
    const ownShare = backend === 'cpu' || runningThreads('wasm') === threads;
    const first = ownShare ? 1 : 0;
    const slots = weightSlots(variables);
    const weights = new SharedArrayBuffer(4 * slotsLength(slots));
    const gradients = Array.from({ length: options.workers - first }, () => new SharedArrayBuffer(weights.byteLength));
    const channels = gradients.map((buffer, i) => {
      const setup: WorkerSetup = { config: model.config, backend, threads, options, slots, weights, gradients: buffer };
      return new WorkerChannel<StepRequest, WorkerReply>(
        startWorker(setup),
        `training worker ${i + 1 + first} of ${options.workers}`,
      );
    });
    const pool = new GradientWorkers(
      ownShare,
      channels,
      slots,
      new Float32Array(weights),
      gradients.map((buffer) => new Float32Array(buffer)),
    );
    try {
      await Promise.all(channels.map((channel) => channel.next('while starting')));
    } catch (error) {
      await pool.close();
      throw error;
    }
    return pool;
  }

  /**
   * The gradients of `microBatches` (and their loss): the workers compute their shares with the
   * current values of `variables` while `own` computes the first on this thread, where it is a replica.
   */
  async compute(
    step: number,
    variables: ReadonlyMap<string, tf.Variable>,
    microBatches: readonly TokenBatch[],
    dropoutSeeds: readonly number[],
    own: OwnShare,
  ): Promise<BatchGradients> {
    const first = this.ownShare ? 1 : 0;
    const share = microBatches.length / (this.channels.length + first);
    writeSlots(this.weights, this.slots, variables);
    const replies = this.channels.map((channel, i) => {
      const range = [(i + first) * share, (i + first + 1) * share] as const;
      channel.post({
        batches: microBatches.slice(...range),
        dropoutSeeds: dropoutSeeds.slice(...range),
        count: microBatches.length,
      });
      const reply = channel.next(`at step ${step}`);
      // Awaited below; when this thread fails first, closing the workers rejects it unobserved.
      reply.catch(() => undefined);
      return reply;
    });
    const mine = this.ownShare ? own(microBatches.slice(0, share), dropoutSeeds.slice(0, share)) : undefined;
    let gradients = mine?.gradients;
    try {
      let loss = mine?.loss ?? 0;
      for (const [i, reply] of replies.entries()) {
        const answer = await reply;
        if (answer.type !== 'gradients')
          throw new Error(`${this.channels[i]?.label ?? 'worker'}: expected gradients, got ${answer.type}`);
        loss += answer.loss;
        gradients = this.added(gradients, this.gradients[i] ?? new Float32Array());
      }
      if (gradients === undefined) throw new Error('gradients: no replica computed a share');
      return { loss, gradients };
    } catch (error) {
      if (gradients !== undefined) tf.dispose([...gradients.values()]);
      throw error;
    }
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    await Promise.all(this.channels.map((channel) => channel.close()));
  }

  /** `sums` (none before the first share) plus the gradients in `buffer`, as new tensors; frees `sums`. */
  private added(sums: Map<string, tf.Tensor> | undefined, buffer: Float32Array): Map<string, tf.Tensor> {
    const result = new Map<string, tf.Tensor>();
    for (const slot of this.slots) {
      const theirs = slotTensor(buffer, slot);
      if (sums === undefined) {
        result.set(slot.name, theirs);
        continue;
      }
      const previous = sums.get(slot.name);
      if (previous === undefined) throw new Error(`gradients: no gradient for weight "${slot.name}"`);
      result.set(slot.name, tf.add(previous, theirs));
      tf.dispose([previous, theirs]);
    }
    return result;
  }
}

/**
 * Starts `gradient-worker`: the built `.js` beside this module, or, when this module runs from
 * its TypeScript source (tests, the `@fewshot/source` condition), the `.ts` source through the
 * workspace's TypeScript loader.
 */
function startWorker(setup: WorkerSetup): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(`./gradient-worker.${fromSource ? 'ts' : 'js'}`, import.meta.url);
  if (!fromSource) return new Worker(entry, { workerData: setup });
  const loader = new URL('./typescript-source/typescript-loader.mjs', import.meta.url).href;
  return new Worker(entry, { workerData: setup, execArgv: ['--conditions=@fewshot/source', '--import', loader] });
}
