import * as tf from '@tensorflow/tfjs-core';
import type { HelperThread } from '../weight-quantization/helper-thread.js';
import { backendMemory } from './heap/heap-kernel-module.js';
import type { HeapMemory } from './heap/heap-module.js';
import type { WasmModule } from './wasm-memory.js';

/**
 * For a WASM backend's shared memory, the helper thread that a two-thread decoding store started
 * with the heap kernels on that memory (read at each call: none while the store runs on one
 * thread). The cached attention gives it half of its rows, so that a decoding step's attention
 * takes the second core its products take, on the thread that is already awake for them.
 */
const lent = new WeakMap<HeapMemory, () => HelperThread | undefined>();

/** The active backend's memory where it is a WASM backend's shared one (TF.js's threaded build), else undefined. */
export function sharedBackendMemory(): HeapMemory | undefined {
  const { wasm } = tf.backend() as unknown as { readonly wasm?: WasmModule | null };
  if (wasm === undefined || wasm === null || typeof SharedArrayBuffer === 'undefined') return undefined;
  const memory = backendMemory(wasm);
  return memory.buffer instanceof SharedArrayBuffer ? memory : undefined;
}

/** Lends `helper` to the heap kernels on `memory`; returns the function that takes it back. */
export function lendHelper(memory: HeapMemory, helper: () => HelperThread | undefined): () => void {
  lent.set(memory, helper);
  return () => {
    if (lent.get(memory) === helper) lent.delete(memory);
  };
}

/** The helper lent to the heap kernels on `memory`, if one is and it runs now. */
export function lentHelper(memory: HeapMemory): HelperThread | undefined {
  return lent.get(memory)?.();
}
