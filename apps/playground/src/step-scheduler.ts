import type { LanguageModel } from '@fewshot/sampling';

/**
 * A turn of the event loop: `setImmediate` in Node, a zero-delay timer in a browser (the page's
 * in-page mode runs this scheduler too), so pending I/O and rendering happen between steps.
 */
function nextMacrotask(): Promise<void> {
  const schedule = typeof globalThis.setImmediate === 'function' ? globalThis.setImmediate : globalThis.setTimeout;
  return new Promise((resolve) => {
    schedule(resolve);
  });
}

/** A model that can also extend several sequences in one forward pass. */
export interface BatchDecodingModel<Cache> extends LanguageModel<Cache> {
  /**
   * Row i: the logits after the last of `ids[i]` — one id (a decoding step) or several (a prefill
   * chunk) — appended to `caches[i]` (distinct caches).
   */
  nextTokenLogitsBatch?(
    ids: readonly (number | readonly number[])[],
    caches: readonly Cache[],
  ): Promise<Float32Array[]>;
}

export interface StepSchedulerOptions {
  /** Decode steps of different requests pending together share one forward pass (default true). */
  readonly batching?: boolean;
  /** Most sequences in one batched forward pass (default 32). */
  readonly maxBatch?: number;
  /** Most prompt tokens one step feeds the model; longer prompts take several steps (default 64). */
  readonly prefillChunk?: number;
  /** Most tokens (decoding rows and prompt chunks) in one batched pass (default `prefillChunk + maxBatch`). */
  readonly maxBatchTokens?: number;
}

/** The next ids of one sequence: one token to decode, or a chunk of its prompt. */
interface SequenceStep {
  readonly kind: 'sequence';
  readonly model: BatchDecodingModel<unknown>;
  readonly ids: readonly number[];
  readonly cache: unknown;
  readonly resolve: (logits: Float32Array) => void;
  readonly reject: (error: unknown) => void;
}

interface TaskStep {
  readonly kind: 'task';
  readonly run: () => Promise<void>;
}

/**
 * How many steps ran, and how many of them were batched forward passes of how many sequences (of
 * which how many were prefill chunks).
 */
export interface SchedulerStats {
  steps: number;
  batches: number;
  batchedSequences: number;
  batchedPrefills: number;
}

/**
 * Runs every forward pass of every request as a step in one FIFO, one step at a time, with a turn
 * of the event loop before each (so streamed chunks leave, disconnects are noticed and new
 * requests are answered between steps). A request has at most one step pending — its next token
 * waits on the last — so the FIFO serves the running requests round-robin, a token each: a request
 * with a thousand tokens to generate cannot hold back one that needs two. A long prompt is fed in
 * chunks of `prefillChunk` tokens, each a step of its own.
 *
 * With batching, the steps of all sequences pending at once — decoding steps and prompt chunks
 * alike, up to `maxBatch` sequences and `maxBatchTokens` tokens, in FIFO order — run as one
 * forward pass of the model's `nextTokenLogitsBatch`, which reads each weight once for all of
 * them: a new request's prompt joins the running requests' next tokens instead of a pass alone.
 */
export class StepScheduler {
  readonly batching: boolean;
  readonly maxBatch: number;
  readonly prefillChunk: number;
  readonly maxBatchTokens: number;
  readonly stats: SchedulerStats = { steps: 0, batches: 0, batchedSequences: 0, batchedPrefills: 0 };
  private readonly pending: (SequenceStep | TaskStep)[] = [];
  private pumping = false;

  constructor(options: StepSchedulerOptions = {}) {
    this.batching = options.batching ?? true;
    this.maxBatch = options.maxBatch ?? 32;
    this.prefillChunk = options.prefillChunk ?? 64;
    this.maxBatchTokens = options.maxBatchTokens ?? this.prefillChunk + this.maxBatch;
    for (const [name, value] of [
      ['maxBatch', this.maxBatch],
      ['prefillChunk', this.prefillChunk],
      ['maxBatchTokens', this.maxBatchTokens],
    ] as const) {
      if (!Number.isInteger(value) || value < 1)
        throw new RangeError(`${name} = ${value} is invalid: expected an integer ≥ 1`);
    }
  }

  /** Steps waiting to run. */
  get depth(): number {
    return this.pending.length;
  }

  /** `model` with each forward pass run as a step of this scheduler. */
  schedule<Cache>(model: BatchDecodingModel<Cache>): LanguageModel<Cache> {
    return {
      vocabSize: model.vocabSize,
      contextLength: model.contextLength,
      createCache: () => model.createCache(),
      ...(model.forkCache === undefined ? {} : { forkCache: (cache: Cache) => model.forkCache?.(cache) ?? cache }),
      ...(model.disposeCache === undefined ? {} : { disposeCache: (cache: Cache) => model.disposeCache?.(cache) }),
      nextTokenLogits: async (ids, cache) => {
        let logits: Float32Array | undefined;
        for (let start = 0; start < ids.length; start += this.prefillChunk) {
          logits = await this.extend(model, Array.from(ids.slice(start, start + this.prefillChunk)), cache);
        }
        if (logits === undefined) throw new Error('nextTokenLogits: expected at least one id');
        return logits;
      },
    };
  }

  /** Runs `task` as one step of its own, in turn with the others (prompt scoring, attention maps). */
  run<T>(task: () => T | Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.enqueue({
        kind: 'task',
        run: async () => {
          try {
            resolve(await task());
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        },
      });
    });
  }

  private extend(model: BatchDecodingModel<unknown>, ids: readonly number[], cache: unknown): Promise<Float32Array> {
    return new Promise((resolve, reject) => {
      this.enqueue({ kind: 'sequence', model, ids, cache, resolve, reject });
    });
  }

  private enqueue(step: SequenceStep | TaskStep): void {
    this.pending.push(step);
    if (!this.pumping) void this.pump();
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      while (this.pending.length > 0) {
        await nextMacrotask();
        const step = this.pending.shift();
        if (step === undefined) continue;
        this.stats.steps++;
        if (step.kind === 'task') await step.run();
        else await this.runSequences(step);
      }
    } finally {
      this.pumping = false;
    }
  }

  /**
   * `first` and, with batching, the other sequence steps pending on the same model (FIFO order,
   * within `maxBatch` sequences and `maxBatchTokens` tokens), in one pass.
   */
  private async runSequences(first: SequenceStep): Promise<void> {
    const batch = [first];
    if (this.batching && first.model.nextTokenLogitsBatch !== undefined) {
      let tokens = first.ids.length;
      for (let i = 0; i < this.pending.length && batch.length < this.maxBatch; ) {
        const step = this.pending[i];
        const fits = tokens + (step?.kind === 'sequence' ? step.ids.length : 0) <= this.maxBatchTokens;
        if (step?.kind === 'sequence' && step.model === first.model && fits) {
          batch.push(step);
          tokens += step.ids.length;
          this.pending.splice(i, 1);
        } else i++;
      }
    }
    try {
      if (batch.length === 1) {
        first.resolve(await first.model.nextTokenLogits(first.ids, first.cache));
        return;
      }
      this.stats.batches++;
      this.stats.batchedSequences += batch.length;
      this.stats.batchedPrefills += batch.filter((step) => step.ids.length > 1).length;
      const rows = await first.model.nextTokenLogitsBatch?.(
        batch.map((step) => (step.ids.length === 1 ? (step.ids[0] ?? 0) : step.ids)),
        batch.map((step) => step.cache),
      );
      batch.forEach((step, i) => {
        const row = rows?.[i];
        if (row === undefined)
          step.reject(
            new Error(`nextTokenLogitsBatch returned ${rows?.length ?? 0} rows for ${batch.length} sequences`),
          );
        else step.resolve(row);
      });
    } catch (error) {
      for (const step of batch) step.reject(error);
    }
  }
}
