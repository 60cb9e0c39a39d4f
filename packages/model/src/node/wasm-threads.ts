import { availableParallelism } from 'node:os';
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { runningThreads } from '../backend/running-threads.js';
import { pthreadWorkerClass } from './wasm-thread-worker.js';

/** The environment variable that sets how many threads the `wasm` backend's products run on. */
export const WASM_THREADS_ENV_VAR = 'FEWSHOT_WASM_THREADS';

/** tfjs-backend-wasm 4.22 starts 8 pthread workers and caps XNNPACK's thread pool at 8. */
export const MAX_WASM_THREADS = 8;

/**
 * Threads when `$FEWSHOT_WASM_THREADS` is unset: two where Node reports four cores or more, else
 * one — at most half the cores, so that another busy process leaves the pool its cores. On our
 * 2-core machine (GPT-2 small, fresh processes alternating), two threads ran a 128-token prefill
 * 1.58× as fast as one and cached decoding 1.0–1.3× with the other core idle, but with one other
 * process busy, even at nice 19, decoding ran 1.2–3.3× slower and prefill 0.74–1.02× as fast: a
 * pool thread that has lost its core stalls every product. Four cores or more are not measured.
 */
export const DEFAULT_WASM_THREADS = availableParallelism() >= 4 ? 2 : 1;

const THREADS_FLAG = 'WASM_HAS_MULTITHREAD_SUPPORT';
const RANGE = `an integer from 1 to ${String(MAX_WASM_THREADS)}`;

type Environment = Readonly<Record<string, string | undefined>>;
const THREADED_GLUE = '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js';

/**
 * The thread count `$FEWSHOT_WASM_THREADS` asks for in `env`, or undefined where it is unset
 * (or empty); anything but an integer from 1 to {@link MAX_WASM_THREADS} is a `RangeError`.
 */
export function wasmThreadsSetting(env: Environment): number | undefined {
  const raw = env[WASM_THREADS_ENV_VAR] ?? '';
  if (raw === '') return undefined;
  const threads = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (threads >= 1 && threads <= MAX_WASM_THREADS) return threads;
  throw new RangeError(`${WASM_THREADS_ENV_VAR} = ${JSON.stringify(raw)} is invalid: expected ${RANGE}`);
}

/**
 * Starts the `wasm` backend on `$FEWSHOT_WASM_THREADS` threads (default {@link DEFAULT_WASM_THREADS})
 * and returns how many its products run on. One thread is tfjs's single-threaded SIMD build; more,
 * its threaded SIMD build ({@link startThreadedWasm}). A backend already started keeps its
 * threads; a different count asked for by name is then an error.
 */
export async function startWasmBackend(env: Environment): Promise<number> {
  const asked = wasmThreadsSetting(env);
  const running = runningThreads('wasm');
  if (running === undefined) {
    const threads = asked ?? DEFAULT_WASM_THREADS;
    if (threads > 1) return startThreadedWasm(threads);
    if (!(await tf.setBackend('wasm'))) throw new Error('backend "wasm" failed to initialise');
    return 1;
  }
  if (asked !== undefined && running !== asked) {
    throw new Error(
      `${WASM_THREADS_ENV_VAR} = ${String(asked)} cannot apply: the wasm ` +
        `backend already runs on ${String(running)} thread(s); ` +
        'it is set before the backend starts',
    );
  }
  if (!(await tf.setBackend('wasm'))) throw new Error('backend "wasm" failed to initialise');
  return running;
}

/**
 * Starts and activates TF.js's WASM backend as `name` on its threaded SIMD build, XNNPACK's
 * products split over `threads` threads (pthreads on `worker_threads`), and returns the count its
 * pool runs. A `name` other than `wasm` registers another instance with wasm's kernels, so that
 * one process can compare builds' products; `tf.setBackend` switches between them (the fused
 * operations of `@fewshot/kernels` run on the backend named `wasm` only: a whole model on
 * another name runs its unfused ops, and its decoding measured 1.2–3.5× slower). Node only: tfjs turns
 * threads off there (tensorflow/tfjs#3830) and its glue is made for Web Workers, so while the
 * backend starts:
 * - the threads flag is set and the thread count given to tfjs;
 * - the glue's `new Worker` gets {@link pthreadWorkerClass} (the glue assigns Node's `Worker` to
 *   the global itself; the property ignores that assignment meanwhile);
 * - the module is told it has `2 × threads` cores: its C++ caps the pool at half the logical
 *   cores (it assumes two hyperthreads per core), read once as it starts, which on a 2-core
 *   machine is one thread whatever is asked.
 * Each is undone once it has started.
 */
export async function startThreadedWasm(threads: number, name = 'wasm'): Promise<number> {
  if (!Number.isInteger(threads) || threads < 1 || threads > MAX_WASM_THREADS) {
    throw new RangeError(`threads = ${String(threads)} is invalid: expected ${RANGE}`);
  }
  if (typeof process === 'undefined' || typeof process.versions.node !== 'string') {
    throw new Error(
      'threaded WASM is started here only in Node; in a browser, tfjs-backend-wasm uses threads itself ' +
        'on a cross-origin-isolated page',
    );
  }
  if (runningThreads(name) !== undefined) {
    throw new Error(`backend "${name}" has already started; threads are set before it starts`);
  }
  if (!(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'))) {
    throw new Error('threaded WASM needs WebAssembly SIMD, which this runtime lacks');
  }
  if (name !== 'wasm') registerWasmInstance(name);

  const [workerThreads, { resolveObjectURL }, { createRequire }] = await Promise.all([
    import('node:worker_threads'),
    import('node:buffer'),
    import('node:module'),
  ]);
  const gluePath = createRequire(import.meta.url).resolve(THREADED_GLUE);
  const worker = pthreadWorkerClass(workerThreads, resolveObjectURL, gluePath);
  const threadsFlag = await tf.env().getAsync(THREADS_FLAG);
  const restoreWorker = overrideProperty(globalThis, 'Worker', {
    configurable: true,
    get: () => worker,
    set: () => undefined,
  });
  const { WebAssembly: webAssembly } = globalThis as unknown as { WebAssembly: { instantiate: Instantiate } };
  const restoreInstantiate = overrideProperty(webAssembly, 'instantiate', {
    configurable: true,
    writable: true,
    value: reportCores(webAssembly.instantiate, 2 * threads),
  });
  tf.env().set(THREADS_FLAG, true);
  setThreadsCount(threads);
  try {
    if (!(await tf.setBackend(name))) {
      throw new Error(`backend "${name}" failed to initialise on the threaded WASM build`);
    }
  } finally {
    tf.env().set(THREADS_FLAG, threadsFlag);
    setThreadsCount(-1);
    restoreInstantiate();
    restoreWorker();
  }
  return runningThreads(name) ?? 0;
}

/** Registers the backend `name` with wasm's factory and a copy of every kernel wasm has now. */
function registerWasmInstance(name: string): void {
  tf.registerBackend(name, tf.findBackendFactory('wasm'));
  for (const kernel of tf.getKernelsForBackend('wasm')) tf.registerKernel({ ...kernel, backendName: name });
}

/** `WebAssembly.instantiate`, typed as far as it is used here (this package's lib has no DOM types). */
type Instantiate = (source: unknown, imports?: Readonly<Record<string, Imports>>) => Promise<unknown>;
type Imports = Readonly<Record<string, unknown>>;

/** `WebAssembly.instantiate` that gives Emscripten modules `cores` as the logical core count. */
function reportCores(instantiate: Instantiate, cores: number): Instantiate {
  return (source, imports) => {
    const env = imports?.env;
    if (env?.emscripten_num_logical_cores === undefined) return instantiate(source, imports);
    return instantiate(source, { ...imports, env: { ...env, emscripten_num_logical_cores: () => cores } });
  };
}

/** Defines `target[key]` and returns what puts the previous definition (or its absence) back. */
function overrideProperty(target: object, key: string, descriptor: PropertyDescriptor): () => void {
  const previous = Object.getOwnPropertyDescriptor(target, key);
  Object.defineProperty(target, key, descriptor);
  return () => {
    if (previous === undefined) Reflect.deleteProperty(target, key);
    else Object.defineProperty(target, key, previous);
  };
}
