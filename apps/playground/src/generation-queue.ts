import { ApiError } from './http/api-error.js';

export interface GenerationQueueOptions {
  /**
   * Requests generating at once (default 32). Their forward passes take turns (and are batched)
   * in the server's step scheduler, so this bounds how many share the model, not a thread count.
   */
  readonly concurrency?: number;
  /** Requests that may wait beyond the running ones (default 32); the next one is refused with a 429. */
  readonly capacity?: number;
}

interface Waiting {
  readonly start: () => void;
  readonly onAbort: () => void;
}

/**
 * A bounded FIFO in front of the model. A full queue refuses at once (429 with `Retry-After`
 * estimated from recent run times) instead of letting latency grow without bound; a waiting
 * request whose client went away leaves the queue without ever reaching the model.
 */
export class GenerationQueue {
  readonly concurrency: number;
  readonly capacity: number;
  private running = 0;
  private readonly waiting: Waiting[] = [];
  /** Exponential moving average of a run's duration, for Retry-After. */
  private averageRunMs = 1000;

  constructor(options: GenerationQueueOptions = {}) {
    this.concurrency = options.concurrency ?? 32;
    this.capacity = options.capacity ?? 32;
  }

  /** Requests running and waiting now. */
  get depth(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  /**
   * Runs `task` when a slot is free. Rejects with a 429 `ApiError` when the queue is full, and
   * with `signal.reason` when the signal aborts before the task starts.
   */
  async run<T>(task: () => Promise<T>, signal: AbortSignal): Promise<T> {
    signal.throwIfAborted();
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.capacity) {
        const retryAfter = Math.max(
          1,
          Math.ceil(((this.waiting.length + 1) * this.averageRunMs) / this.concurrency / 1000),
        );
        throw new ApiError(
          429,
          `The server is busy: ${this.running} generation(s) running ` +
            `and ${this.waiting.length} waiting; retry in ${retryAfter} s`,
          'rate_limit_error',
          null,
          'queue_full',
          { 'Retry-After': String(retryAfter) },
        );
      }
      // A finishing run hands its slot straight to us, so `running` already counts this task.
      await this.wait(signal);
    } else {
      this.running++;
    }
    const started = performance.now();
    try {
      return await task();
    } finally {
      this.averageRunMs = 0.8 * this.averageRunMs + 0.2 * (performance.now() - started);
      const next = this.waiting.shift();
      if (next === undefined) this.running--;
      else next.start();
    }
  }

  private wait(signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const entry: Waiting = {
        start: () => {
          signal.removeEventListener('abort', entry.onAbort);
          resolve();
        },
        onAbort: () => {
          this.waiting.splice(this.waiting.indexOf(entry), 1);
          reject(signal.reason as Error);
        },
      };
      signal.addEventListener('abort', entry.onAbort, { once: true });
      this.waiting.push(entry);
    });
  }
}
