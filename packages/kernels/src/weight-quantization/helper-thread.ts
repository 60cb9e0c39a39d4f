import {
  type DecodingKernels,
  type WasmMemory,
  compiledDecodingModule,
  createSharedMemory,
  instantiateSharedDecodingKernels,
} from './decoding-module.js';
import { DECODING_DTYPES } from './weight-layout.js';

/** The decoding module's functions a helper thread runs: a product per dtype, then `sum`. */
export const DECODING_HELPER_FUNCTIONS = [...DECODING_DTYPES, 'sum'] as const;

/**
 * A compiled WebAssembly module (`WebAssembly.Module`, which a worker receives as it is) whose
 * instance on a helper thread imports `memory` (shared) as `env.memory`, and the exports of it
 * that calls may name.
 */
export interface HelperProgram {
  readonly module: object;
  readonly memory: { readonly buffer: ArrayBufferLike };
  readonly names: readonly string[];
}

/** Arguments a call passes at most (the cached attention's eleven). */
const MAX_ARGUMENTS = 11;
/**
 * The control block, a SharedArrayBuffer: four Int32 slots — the number of the last call asked
 * for (the helper waits on it), of the last call done (the caller waits on it), the function's
 * index (−1 stops the helper), whether a call failed — then the arguments as Float64 slots, which
 * hold addresses and sizes (below 2³²) and float arguments exactly.
 */
const REQUESTED = 0;
const DONE = 1;
const FUNCTION = 2;
const FAILED = 3;
const STATUS_BYTES = 16;
const CONTROL_BYTES = STATUS_BYTES + 8 * MAX_ARGUMENTS;
/**
 * How long each side polls the control block before it sleeps in `Atomics.wait`: a thread woken
 * from `Atomics.wait` takes tens of microseconds to run again, while the products of a decoding
 * step follow each other within a fraction of a millisecond (the helper polls between them) and
 * the two halves of one product end at about the same time (the caller polls for the other).
 */
const HELPER_POLL_MS = 0.5;
const CALLER_POLL_MS = 2;

/**
 * The helper thread's program (CommonJS, evaluated by `worker_threads`): it instantiates each
 * program's module on its memory, says it is ready, then runs each call asked for.
 */
const HELPER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { programs, control, pollMs } = workerData;
const slots = new Int32Array(control, 0, ${STATUS_BYTES / 4});
const args = new Float64Array(control, ${STATUS_BYTES}, ${MAX_ARGUMENTS});
const functions = programs.flatMap(({ module, memory, names }) => {
  const { exports } = new WebAssembly.Instance(module, { env: { memory } });
  return names.map((name) => exports[name]);
});
parentPort.postMessage('ready');
let seen = 0;
for (;;) {
  const until = performance.now() + pollMs;
  for (let i = 1; Atomics.load(slots, ${REQUESTED}) === seen; i++) {
    if (i % 256 === 0 && performance.now() > until) Atomics.wait(slots, ${REQUESTED}, seen);
  }
  seen = Atomics.load(slots, ${REQUESTED});
  const index = Atomics.load(slots, ${FUNCTION});
  if (index < 0) break;
  try {
    functions[index](...args);
  } catch {
    Atomics.store(slots, ${FAILED}, 1);
  }
  Atomics.store(slots, ${DONE}, seen);
  Atomics.notify(slots, ${DONE});
}
`;

/** The part of Node's `worker_threads` used here. */
interface WorkerThreads {
  readonly Worker: new (source: string, options: { readonly eval: true; readonly workerData: object }) => NodeWorker;
}
interface NodeWorker {
  once(event: 'message', listener: (message: unknown) => void): void;
  once(event: 'error', listener: (error: Error) => void): void;
  unref(): void;
  terminate(): Promise<number>;
}
interface NodeProcess {
  readonly getBuiltinModule?: (id: string) => unknown;
}

/**
 * Node's `worker_threads`, or undefined outside Node (or before Node 20.16). Read through
 * `process.getBuiltinModule`, not an import, so that the package's main entry bundles for the
 * browser: bundlers resolve even a dynamic `import('node:worker_threads')`, and fail on it.
 */
function workerThreads(): WorkerThreads | undefined {
  const { process } = globalThis as { process?: NodeProcess };
  return process?.getBuiltinModule?.('node:worker_threads') as WorkerThreads | undefined;
}

/** Whether a second decoding thread can start here: Node (20.16 or later), with its `worker_threads`. */
export function helperThreadsAvailable(): boolean {
  return workerThreads() !== undefined;
}

/**
 * A second thread running functions of WebAssembly modules on shared memories (the decoding
 * module on a store's weights; also the heap kernels on the WASM backend's memory): a
 * `worker_threads` worker with its own instance of each. {@link start} hands it a call through a
 * small control block (`Atomics.store`/`notify`) and returns at once; {@link wait} blocks until
 * the call is done. One call at a time; the worker does not keep the process alive.
 */
export class HelperThread {
  private calls = 0;

  private constructor(
    private readonly slots: Int32Array,
    private readonly args: Float64Array,
    private readonly names: readonly string[],
    private worker: NodeWorker | undefined,
  ) {}

  /** Starts a helper that runs `programs`' functions, and resolves once its instances are ready. */
  static async start(programs: readonly HelperProgram[]): Promise<HelperThread> {
    const threads = workerThreads();
    if (threads === undefined) {
      throw new Error("threads = 2 needs Node's worker_threads (Node 20.16 or later); use threads = 1 here");
    }
    const control = new SharedArrayBuffer(CONTROL_BYTES);
    const workerData = { programs, control, pollMs: HELPER_POLL_MS };
    const worker = new threads.Worker(HELPER_SOURCE, { eval: true, workerData });
    worker.unref();
    await new Promise<void>((resolve, reject) => {
      worker.once('message', () => {
        resolve();
      });
      worker.once('error', reject);
    });
    const names = programs.flatMap((program) => program.names);
    const slots = new Int32Array(control, 0, STATUS_BYTES / 4);
    return new HelperThread(slots, new Float64Array(control, STATUS_BYTES, MAX_ARGUMENTS), names, worker);
  }

  /** Asks the helper to run `name(...args)`; {@link wait} for it before asking again. */
  start(name: string, args: readonly number[]): void {
    if (this.worker === undefined) throw new Error('this helper thread was stopped');
    const index = this.names.indexOf(name);
    if (index < 0) throw new RangeError(`helper thread: no function "${name}"; it runs ${this.names.join(', ')}`);
    if (args.length > MAX_ARGUMENTS) {
      throw new RangeError(`helper thread: ${args.length} arguments for ${name}, at most ${MAX_ARGUMENTS}`);
    }
    const { slots } = this;
    this.args.fill(0).set(args);
    Atomics.store(slots, FUNCTION, index);
    this.calls = (this.calls + 1) | 0;
    Atomics.store(slots, REQUESTED, this.calls);
    Atomics.notify(slots, REQUESTED);
  }

  /**
   * Runs `name(...args)` on the helper while `own` runs on this thread, and returns once both are
   * done: the two halves of one piece of work.
   */
  alongside(name: string, args: readonly number[], own: () => void): void {
    this.start(name, args);
    own();
    this.wait();
  }

  /** Blocks until the call asked for last is done; throws if it failed (its outputs are then not all written). */
  wait(): void {
    const { slots, calls } = this;
    const until = performance.now() + CALLER_POLL_MS;
    for (let i = 1; ; i++) {
      const done = Atomics.load(slots, DONE);
      if (done === calls) break;
      // Sleeps only while DONE still holds the value just read: a later store wakes it or was seen.
      if (i % 256 === 0 && performance.now() > until) Atomics.wait(slots, DONE, done);
    }
    if (Atomics.exchange(slots, FAILED, 0) !== 0) {
      throw new Error('the decoding helper thread failed in its half of the call');
    }
  }

  /**
   * Ends the helper's loop and terminates its worker; resolves with the worker's exit code once it
   * has exited (at once with undefined if it was stopped before).
   */
  async stop(): Promise<number | undefined> {
    const { worker } = this;
    if (worker === undefined) return undefined;
    this.worker = undefined;
    Atomics.store(this.slots, FUNCTION, -1);
    Atomics.store(this.slots, REQUESTED, (this.calls + 1) | 0);
    Atomics.notify(this.slots, REQUESTED);
    return worker.terminate();
  }
}

/** The decoding module's functions on a helper thread, over `memory` (a memory from {@link createSharedMemory}). */
export async function decodingHelperProgram(memory: WasmMemory): Promise<HelperProgram> {
  return { module: await compiledDecodingModule('shared'), memory, names: DECODING_HELPER_FUNCTIONS };
}

/**
 * The decoding module on a fresh shared memory twice: an instance for the calling thread and a
 * {@link HelperThread} with its own, both over the same weights; the helper runs `alsoRun` too.
 */
export async function startTwoThreadKernels(alsoRun: readonly HelperProgram[] = []): Promise<{
  readonly kernels: DecodingKernels;
  readonly helper: HelperThread;
}> {
  const memory = createSharedMemory();
  const program = await decodingHelperProgram(memory);
  const [kernels, helper] = await Promise.all([
    instantiateSharedDecodingKernels(memory),
    HelperThread.start([program, ...alsoRun]),
  ]);
  return { kernels, helper };
}
