import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { WasmModule } from './wasm-memory.js';

/** The WASM backend's heap methods our kernels use (tfjs passes the backend as a plain `KernelBackend`). */
export type WasmHeap = Pick<BackendWasm, 'makeOutput' | 'typedArrayFromHeap' | 'disposeData'> & {
  readonly wasm: WasmModule;
};
