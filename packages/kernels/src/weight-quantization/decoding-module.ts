import { blockedProduct } from './blocked-product.js';
import { PRODUCT_FORMATS } from './product-formats.js';
import { quantizeInputs } from './quantize-inputs.js';
import { readSum } from './read-sum.js';
import { encodeModule } from './wasm-encoding.js';
import { DECODING_DTYPES, type DecodingDtype } from './weight-layout.js';

/** The parts of the WebAssembly JS API used here (the package's TypeScript lib has no DOM types). */
export interface WasmMemory {
  /** An `ArrayBuffer`, or a `SharedArrayBuffer` for a shared memory. */
  readonly buffer: ArrayBufferLike;
  grow: (pages: number) => number;
}
interface WasmApi {
  compile: (bytes: Uint8Array) => Promise<object>;
  instantiate: (module: object, imports?: object) => Promise<{ readonly exports: Record<string, unknown> }>;
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

export const WASM_PAGE_BYTES = 65536;
/** wasm32's address space: a memory never grows beyond 65536 pages. */
export const WASM_MAX_BYTES = 2 ** 32;
const WASM_MAX_PAGES = WASM_MAX_BYTES / WASM_PAGE_BYTES;

/** `(w, scales, bias, x, xScales, y, rows, steps, blocks, yStride)`: see {@link blockedProduct}. */
export type BlockedProductKernel = (...pointersAndSizes: readonly number[]) => void;

/** One instance of the decoding module: its memory and the functions over it, a product per dtype. */
export interface DecodingKernels extends Readonly<Record<DecodingDtype, BlockedProductKernel>> {
  readonly memory: WasmMemory;
  /** `(x, xq, rowScales, rows, stride)`: see {@link quantizeInputs}. */
  readonly quantizeInputs: (...pointersAndSizes: readonly number[]) => void;
  /** `(pointer, bytes) → f32`: see {@link readSum}. */
  readonly sum: (pointer: number, bytes: number) => number;
}

/**
 * Where an instance's memory comes from: `own`, a memory of its own that it exports (one thread);
 * `shared`, a shared memory it imports as `env.memory`, so that instances on several threads work
 * on the same weights.
 */
export type DecodingMemory = 'own' | 'shared';

/** The module's bytes: a product per dtype, the int8 inputs' rounding and the read probe, over `memory`. */
export function decodingModuleBytes(memory: DecodingMemory = 'own'): Uint8Array {
  return encodeModule({
    functions: [...DECODING_DTYPES.map((dtype) => blockedProduct(PRODUCT_FORMATS[dtype])), quantizeInputs(), readSum()],
    memory: memory === 'own' ? { kind: 'own', pages: 1 } : { kind: 'imported', shared: true },
  });
}

const compiled = new Map<DecodingMemory, Promise<object>>();

/** The compiled module (`WebAssembly.Module`) for `memory`, compiled once per process. */
export function compiledDecodingModule(memory: DecodingMemory): Promise<object> {
  let module = compiled.get(memory);
  if (module === undefined) {
    module = wasm.compile(decodingModuleBytes(memory));
    compiled.set(memory, module);
  }
  return module;
}

/** A new instance of the decoding module with a memory of its own. */
export async function instantiateDecodingKernels(): Promise<DecodingKernels> {
  const { exports } = await wasm.instantiate(await compiledDecodingModule('own'));
  return exports as unknown as DecodingKernels;
}

/** A shared memory of one page that can grow to wasm32's 4 GiB, for {@link instantiateSharedDecodingKernels}. */
export function createSharedMemory(): WasmMemory {
  return new wasm.Memory({ initial: 1, maximum: WASM_MAX_PAGES, shared: true });
}

/** A new instance of the decoding module over `memory`, a memory from {@link createSharedMemory}. */
export async function instantiateSharedDecodingKernels(memory: WasmMemory): Promise<DecodingKernels> {
  const { exports } = await wasm.instantiate(await compiledDecodingModule('shared'), { env: { memory } });
  return { ...exports, memory } as unknown as DecodingKernels;
}
