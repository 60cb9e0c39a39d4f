import type { Worker } from 'node:worker_threads';

/** A training worker reported an error, threw, ran out of memory or exited: the run stops. */
export class TrainingWorkerError extends Error {
  override readonly name = 'TrainingWorkerError';
}

interface Waiter<Reply> {
  readonly doing: string;
  resolve(reply: Reply): void;
  reject(error: Error): void;
}

/**
 * Request and reply with one worker thread, where every way the worker can fail — an error
 * reply (`{ type: 'error', message }`), an uncaught exception, running out of memory, an exit —
 * rejects the reply awaited, and every later one, with a {@link TrainingWorkerError} that names
 * the worker and what it was doing: a failed worker never leaves the run waiting.
 */
export class WorkerChannel<Request, Reply extends { readonly type: string }> {
  private readonly replies: Reply[] = [];
  private waiter: Waiter<Reply> | undefined;
  private failure: TrainingWorkerError | undefined;
  private closing = false;

  constructor(
    private readonly worker: Worker,
    /** E.g. `training worker 2 of 2`. */
    readonly label: string,
  ) {
    worker.on('message', (reply: Reply) => {
      if (reply.type === 'error') {
        const { message } = reply as { message?: unknown };
        this.fail('failed', typeof message === 'string' ? message : JSON.stringify(message));
      } else if (this.waiter === undefined) this.replies.push(reply);
      else this.settle().resolve(reply);
    });
    worker.on('messageerror', (error) => {
      this.fail('sent a message that cannot be read', error.message);
    });
    worker.on('error', (error) => {
      this.fail('crashed', error.message);
    });
    worker.on('exit', (code) => {
      this.fail(`exited with code ${code}`);
    });
  }

  post(request: Request): void {
    if (this.failure !== undefined) throw this.failure;
    this.worker.postMessage(request);
  }

  /** The next reply; `doing` says what the worker is doing, for the error (`at step 3`). */
  next(doing: string): Promise<Reply> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const reply = this.replies.shift();
    if (reply !== undefined) return Promise.resolve(reply);
    if (this.waiter !== undefined) throw new Error(`${this.label}: a reply is already awaited (${this.waiter.doing})`);
    return new Promise((resolve, reject) => (this.waiter = { doing, resolve, reject }));
  }

  /** Stops the worker; a reply still awaited is rejected. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.failure ??= new TrainingWorkerError(`${this.label} was stopped`);
    this.waiter?.reject(this.failure);
    this.waiter = undefined;
    await this.worker.terminate();
  }

  private settle(): Waiter<Reply> {
    const waiter = this.waiter;
    if (waiter === undefined) throw new Error(`${this.label}: no reply is awaited`);
    this.waiter = undefined;
    return waiter;
  }

  private fail(what: string, detail?: string): void {
    if (this.failure !== undefined) return;
    const doing = this.waiter?.doing ?? 'between steps';
    this.failure = new TrainingWorkerError(
      `${this.label} ${what} ${doing}${detail === undefined ? '' : `: ${detail}`}`,
    );
    if (this.waiter !== undefined) this.settle().reject(this.failure);
  }
}
