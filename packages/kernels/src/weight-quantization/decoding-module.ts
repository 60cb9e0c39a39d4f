import { blockedProduct } from './blocked-product.js';
import { PRODUCT_FORMATS } from './product-formats.js';
import { quantizeInputs } from './quantize-inputs.js';
import { readSum } from './read-sum.js';
import { encodeModule } from './wasm-encoding.js';
import { DECODING_DTYPES, type DecodingDtype } from './weight-layout.js';

/** The parts of the WebAssembly JS API used here (the package's TypeScript lib has no DOM types). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow: (pages: number) => number;
}
interface WasmApi {
  compile: (bytes: Uint8Array) => Promise<object>;
  instantiate: (module: object) => Promise<{ readonly exports: Record<string, unknown> }>;
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

export const WASM_PAGE_BYTES = 65536;
/** wasm32's address space: a memory never grows beyond 65536 pages. */
export const WASM_MAX_BYTES = 2 ** 32;

/** `(w, scales, bias, x, xScales, y, rows, steps, blocks)`: see {@link blockedProduct}. */
export type BlockedProductKernel = (...pointersAndSizes: readonly number[]) => void;

/** One instance of the decoding module: its own memory and the functions over it, a product per dtype. */
export interface DecodingKernels extends Readonly<Record<DecodingDtype, BlockedProductKernel>> {
  readonly memory: WasmMemory;
  /** `(x, xq, rowScales, rows, stride)`: see {@link quantizeInputs}. */
  readonly quantizeInputs: (...pointersAndSizes: readonly number[]) => void;
  /** `(pointer, bytes) → f32`: see {@link readSum}. */
  readonly sum: (pointer: number, bytes: number) => number;
}

/** The module's bytes: a product per dtype, the int8 inputs' rounding and the read probe over one exported memory. */
export function decodingModuleBytes(): Uint8Array {
  return encodeModule({
    functions: [...DECODING_DTYPES.map((dtype) => blockedProduct(PRODUCT_FORMATS[dtype])), quantizeInputs(), readSum()],
    memory: { kind: 'own', pages: 1 },
  });
}

let compiled: Promise<object> | undefined;

/** A new instance of the decoding module (compiled once per process), with a memory of its own. */
export async function instantiateDecodingKernels(): Promise<DecodingKernels> {
  compiled ??= wasm.compile(decodingModuleBytes());
  const { exports } = await wasm.instantiate(await compiled);
  return exports as unknown as DecodingKernels;
}
