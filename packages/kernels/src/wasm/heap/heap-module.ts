import { type FunctionDefinition, unsignedLeb } from '../../weight-quantization/wasm-encoding.js';

/**
 * A WebAssembly module of kernels that run on the WASM backend's own memory: it imports the
 * memory of tfjs-backend-wasm's module (`env.memory`) instead of having one, so its functions
 * take tensors' heap addresses and read and write them in place — no copies in or out.
 * (`weight-quantization/wasm-encoding.ts` encodes modules with a memory of their own.)
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

const vector = (items: readonly (readonly number[])[]): number[] => [...unsignedLeb(items.length), ...items.flat()];
const section = (id: number, content: readonly number[]): number[] => [id, ...unsignedLeb(content.length), ...content];
const name = (text: string): number[] => vector([...new TextEncoder().encode(text)].map((byte) => [byte]));

/** Run-length groups of equal local types, as the code section declares them. */
function localGroups(locals: FunctionDefinition['locals']): number[][] {
  const groups: number[][] = [];
  let start = 0;
  for (let i = 1; i <= locals.length; i++) {
    if (i === locals.length || locals[i] !== locals[start]) {
      groups.push([...unsignedLeb(i - start), locals[start] ?? 0x7f]);
      start = i;
    }
  }
  return groups;
}

/**
 * The bytes of a module exporting `functions` (type i = function i) over an imported memory
 * `env.memory` of at least one page; `shared` for the threaded backend's shared memory, whose
 * import must say so and give a maximum (wasm32's 65536 pages).
 */
export function encodeHeapModule(functions: readonly FunctionDefinition[], shared: boolean): Uint8Array {
  const types = functions.map((f) => [0x60, ...vector(f.params.map((t) => [t])), ...vector(f.results.map((t) => [t]))]);
  const limits = shared ? [0x03, ...unsignedLeb(1), ...unsignedLeb(65536)] : [0x00, ...unsignedLeb(1)];
  const imports = vector([[...name('env'), ...name('memory'), 0x02, ...limits]]);
  const bodies = functions.map((f) => {
    const code = [...vector(localGroups(f.locals)), ...f.body, 0x0b];
    return [...unsignedLeb(code.length), ...code];
  });
  return Uint8Array.from([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vector(types)),
    ...section(2, imports),
    ...section(3, vector(functions.map((_, i) => unsignedLeb(i)))),
    ...section(7, vector(functions.map((f, i) => [...name(f.name), 0x00, ...unsignedLeb(i)]))),
    ...section(10, vector(bodies)),
  ]);
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
    const module = new wasmApi.Module(encode(shared));
    exports = new wasmApi.Instance(module, { env: { memory } }).exports;
    byKey.set(key, exports);
  }
  return exports;
}
