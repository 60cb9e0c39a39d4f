/**
 * A WebAssembly module of kernels that run on the WASM backend's own memory: it imports the
 * memory of tfjs-backend-wasm's module (`env.memory`) instead of having one, so its functions
 * take tensors' heap addresses and read and write them in place — no copies in or out.
 */

/** The WebAssembly JS API parts used here (the package's TypeScript lib has no DOM types). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** A WebAssembly.Memory as far as it is used here. */
export interface HeapMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
}

/** A compiled module of `bytes` (`WebAssembly.Module`; compiled synchronously, as it is a few kilobytes). */
export function compileHeapModule(bytes: Uint8Array): object {
  return new wasmApi.Module(bytes);
}

const instances = new WeakMap<HeapMemory, Map<string, Record<string, unknown>>>();

/**
 * The exports of the module `key` names, built by `encode` and instantiated over `memory` once
 * per memory (synchronously: the module is a few kilobytes, under the size browsers allow
 * compiling on the main thread).
 */
export function heapInstance(
  memory: HeapMemory,
  key: string,
  encode: (shared: boolean) => Uint8Array,
): Record<string, unknown> {
  let byKey = instances.get(memory);
  if (byKey === undefined) {
    byKey = new Map();
    instances.set(memory, byKey);
  }
  let exports = byKey.get(key);
  if (exports === undefined) {
    const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
    const module = compileHeapModule(encode(shared));
    exports = new wasmApi.Instance(module, { env: { memory } }).exports;
    byKey.set(key, exports);
  }
  return exports;
}
