import type { HelperProgram } from '../../weight-quantization/helper-thread.js';
import { encodeModule } from '../../weight-quantization/wasm-encoding.js';
import { type HeapMemory, compileHeapModule, heapInstance } from './heap-module.js';
import { attendRowsFunction, geluFunction, layerNormFunction } from './heap-kernels.js';
import type { WasmModule } from '../wasm-memory.js';

/** `attendRows`' arguments (see `attendRowsFunction`): addresses, sizes in floats or bytes, and the scores' scale. */
export type AttendRowsArgs = [
  q: number,
  k: number,
  v: number,
  out: number,
  rows: number,
  stride: number,
  count: number,
  size: number,
  scale: number,
  scores: number,
  mask: number,
];

/** The heap kernels' exports: byte addresses and sizes in, results written in place. */
export interface HeapKernels {
  readonly gelu: (x: number, out: number, n: number) => void;
  readonly layerNorm: (
    x: number,
    gamma: number,
    beta: number,
    out: number,
    rows: number,
    width: number,
    epsilon: number,
  ) => void;
  readonly attendRows: (...args: AttendRowsArgs) => void;
}

/** The module's bytes (`shared` for a shared memory). */
export function heapKernelBytes(shared: boolean): Uint8Array {
  return encodeModule({
    functions: [geluFunction(), attendRowsFunction(), layerNormFunction()],
    memory: { kind: 'imported', shared },
  });
}

/** The memory of `module` (tfjs-backend-wasm's Emscripten module): its export, or the threaded build's shared one. */
export function backendMemory(module: WasmModule): HeapMemory {
  const memory = module.asm?.memory ?? module.wasmMemory;
  if (memory === undefined) throw new Error('heap kernels: the WASM backend exposes no memory to share');
  return memory;
}

/** The heap kernels over `module`'s memory, made once per memory. */
export function heapKernels(module: WasmModule): HeapKernels {
  return heapInstance(backendMemory(module), 'heap-kernels', heapKernelBytes) as unknown as HeapKernels;
}

/** The heap kernels' attention for a helper thread, over `memory` (a WASM backend's shared memory). */
export function heapHelperProgram(memory: HeapMemory): HelperProgram {
  return { module: compileHeapModule(heapKernelBytes(true)), memory, names: ['attendRows'] };
}
