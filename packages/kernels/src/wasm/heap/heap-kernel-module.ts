import { encodeModule } from '../../weight-quantization/wasm-encoding.js';
import { heapInstance } from './heap-module.js';
import { attendRowsFunction, geluFunction, layerNormFunction } from './heap-kernels.js';
import type { WasmModule } from '../wasm-memory.js';

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
  readonly attendRows: (
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
  ) => void;
}

/** The module's bytes (`shared` for a shared memory). */
export function heapKernelBytes(shared: boolean): Uint8Array {
  return encodeModule({
    functions: [geluFunction(), attendRowsFunction(), layerNormFunction()],
    memory: { kind: 'imported', shared },
  });
}

/** The heap kernels over `module`'s memory (tfjs-backend-wasm's Emscripten module), made once per memory. */
export function heapKernels(module: WasmModule): HeapKernels {
  const memory = module.asm?.memory ?? module.wasmMemory;
  if (memory === undefined) throw new Error('heap kernels: the WASM backend exposes no memory to share');
  return heapInstance(memory, 'heap-kernels', heapKernelBytes) as unknown as HeapKernels;
}
