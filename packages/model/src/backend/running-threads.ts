import * as tf from '@tensorflow/tfjs-core';

/** The part of a started WASM backend that says how many threads its XNNPACK pool runs. */
interface WasmBackendThreads {
  readonly wasm: { readonly tfjs: { getThreadsCount(): number } } | null;
}

/** The thread count of the WASM backend `name` (its XNNPACK pool), or undefined before it has started. */
export function runningThreads(name = 'wasm'): number | undefined {
  // tfjs sets `wasm` to null when it disposes the backend.
  const backend = tf.engine().registry[name] as WasmBackendThreads | undefined;
  return backend?.wasm?.tfjs.getThreadsCount();
}
