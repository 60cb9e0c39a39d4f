import { Worker } from 'node:worker_threads';

/** A started `wasm-work-worker` (its backend ready) and a way to time work on it. */
interface WorkThread {
  run(count: number): Promise<void>;
  close(): Promise<void>;
}

async function startWorkThread(): Promise<WorkThread> {
  // From the build, the `.js`; from TypeScript sources, the `.ts`, through the loader the process
  // itself was started with (a worker inherits the parent's `execArgv`).
  const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  const worker = new Worker(new URL(`./wasm-work-worker.${extension}`, import.meta.url));
  const next = (): Promise<void> =>
    new Promise((resolve, reject) => {
      worker.once('message', () => {
        worker.off('error', reject);
        resolve();
      });
      worker.once('error', reject);
    });
  await next();
  return {
    run: (count) => {
      const done = next();
      worker.postMessage(count);
      return done;
    },
    close: async () => {
      await worker.terminate();
    },
  };
}

/**
 * How much faster two threads finish two units of WASM matrix products (`[256×256]·[256×1024]`,
 * as in a 256-wide layer) than one thread finishes both: about 2× on two idle cores, less when
 * other processes hold them or the cores share their vector units. Measured beside the workers
 * comparison, it says what speed-up this kind of work could get from a second thread then.
 */
export async function wasmThreadCeiling(productsPerUnit: number): Promise<number> {
  const threads = [await startWorkThread(), await startWorkThread()];
  const [first, second] = threads as [WorkThread, WorkThread];
  try {
    // Warm-up: both threads' kernels set up before either is timed.
    await Promise.all([first.run(2), second.run(2)]);
    let start = performance.now();
    await first.run(2 * productsPerUnit);
    const one = performance.now() - start;
    start = performance.now();
    await Promise.all([first.run(productsPerUnit), second.run(productsPerUnit)]);
    const two = performance.now() - start;
    return one / two;
  } finally {
    await Promise.all(threads.map((thread) => thread.close()));
  }
}
