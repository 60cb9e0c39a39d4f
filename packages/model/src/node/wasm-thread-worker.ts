import type * as WorkerThreads from 'node:worker_threads';

/** The Web `Worker` surface that Emscripten's pthread glue uses in Node (`new Worker(url)`). */
export type WorkerClass = new (url: string) => WorkerThreads.Worker;

/**
 * Runs in each worker before the pthread script: waits for that script's text (the first message)
 * and evaluates it as a classic script, so its top-level names are globals as in a Web Worker.
 * A block, so that its own names do not collide with the script's.
 */
const BOOTSTRAP = `{
  const { parentPort } = require('node:worker_threads');
  parentPort.once('message', (source) => {
    require('node:vm').runInThisContext(source, { filename: 'tfjs-wasm-pthread.js' });
  });
}`;

/**
 * A `Worker` on `worker_threads` for the pthreads of tfjs-backend-wasm's threaded SIMD build.
 * tfjs hands the glue Web-only inputs that Node's `Worker` cannot take:
 * - the pthread script as a `blob:` URL (Node resolves a blob URL only in the thread that made it):
 *   its text is read here and sent as the first message; messages the glue posts meanwhile wait
 *   behind it, in order;
 * - the main script as a `Blob` of its factory's source (`mainScriptUrlOrBlob`), which in the
 *   bundle Node loads calls helpers (`require$$0`…) defined outside that source: the `load` message
 *   gets the path of the package's own standalone glue for it (`gluePath`, the same build).
 * The glue refs a worker while its pthread runs; XNNPACK's pool threads run for as long as the
 * backend lives, and the main thread waits for their work synchronously, so they never hold the
 * process open: `ref` does nothing (the glue's `unref` after loading still applies).
 */
export function pthreadWorkerClass(
  threads: typeof WorkerThreads,
  resolveBlobUrl: (url: string) => Blob | undefined,
  gluePath: string,
): WorkerClass {
  return class PthreadWorker extends threads.Worker {
    #waiting: [unknown, readonly WorkerThreads.Transferable[] | undefined][] | undefined = [];

    constructor(url: string) {
      const blob = resolveBlobUrl(url);
      if (blob === undefined) {
        throw new Error(`pthread worker script ${JSON.stringify(url)} is not a blob: URL of this thread`);
      }
      super(BOOTSTRAP, { eval: true });
      void blob.text().then(
        (source) => {
          super.postMessage(source);
          for (const [message, transfer] of this.#waiting ?? []) super.postMessage(message, transfer);
          this.#waiting = undefined;
        },
        (error: unknown) => this.emit('error', error),
      );
    }

    override postMessage(message: unknown, transfer?: readonly WorkerThreads.Transferable[]): void {
      const sent = isLoadWithBlob(message) ? { ...message, urlOrBlob: gluePath } : message;
      if (this.#waiting === undefined) super.postMessage(sent, transfer);
      else this.#waiting.push([sent, transfer]);
    }

    override ref(): void {
      // See the class comment: pool threads never keep the process alive.
    }
  };
}

function isLoadWithBlob(message: unknown): message is { cmd: 'load'; urlOrBlob: Blob } {
  if (typeof message !== 'object' || message === null) return false;
  const { cmd, urlOrBlob } = message as { cmd?: unknown; urlOrBlob?: unknown };
  return cmd === 'load' && urlOrBlob instanceof Blob;
}
