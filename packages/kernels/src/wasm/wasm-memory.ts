import * as tf from '@tensorflow/tfjs-core';
import type { HeapMemory } from './heap/heap-module.js';
import { WASM_MEMORY_ADVICE, WasmMemoryError } from './wasm-memory-error.js';

/** The parts of tfjs-backend-wasm's Emscripten module used here. */
export interface WasmModule {
  _malloc: (bytes: number) => number;
  _free: (pointer: number) => void;
  readonly HEAPU8: Uint8Array;
  /** The module's memory: its export (single-threaded build) or the one it was given (threaded build). */
  readonly asm?: { readonly memory?: HeapMemory };
  readonly wasmMemory?: HeapMemory;
}

/** A WASM backend: what `tf.engine().registry.wasm` holds once it has started. */
export interface WasmBackendModule {
  readonly wasm: WasmModule | null;
}

/** Emscripten's `getHeapMax()` in tfjs-backend-wasm 4.22: the 4 GiB a 32-bit heap can address, less one 64 KiB page. */
export const WASM_HEAP_LIMIT_BYTES = 4_294_901_760;

/** What the WASM heap holds now, in bytes. */
export interface WasmMemoryUsage {
  /** The module's memory: it grows on demand up to `heapLimitBytes` and never shrinks. */
  readonly heapBytes: number;
  readonly heapLimitBytes: number;
  /** Tensors and kernel buffers allocated through the backend and not freed yet. */
  readonly inUseBytes: number;
  /** How many such buffers: tensors that share one (reshapes, clones) count once. */
  readonly buffers: number;
  /** The most `inUseBytes` has been since the backend started or {@link resetWasmMemoryPeak}. */
  readonly peakBytes: number;
}

interface Accounting {
  /** Emscripten's own allocator functions, untracked (the probes use them). */
  readonly malloc: (bytes: number) => number;
  readonly free: (pointer: number) => void;
  readonly sizes: Map<number, number>;
  inUse: number;
  peak: number;
}

// A global symbol: the source and the built copy of this package may both run in one process
// (tests), and one module must be wrapped once.
const ACCOUNTING = Symbol.for('@fewshot/model.wasmMemory');
const FACTORY_NAME = 'fewshotGuardedWasmFactory';
type Guarded = WasmModule & { [ACCOUNTING]?: Accounting };

/**
 * The largest block asked of the allocator: it takes sizes as signed 32-bit numbers when it
 * grows the heap, so from 2 GiB on a request comes back as a block that runs past the heap's
 * end (measured: a second 2,112 MiB tensor beside a first one, in a 4 GiB heap). Less 1 MiB for
 * the allocator's headers.
 */
export const WASM_MAX_BLOCK_BYTES = 2 ** 31 - 2 ** 20;

/** A block from the allocator, or 0: too large, not there, or (checked) not inside the heap. */
function allocate(module: WasmModule, accounting: Accounting, bytes: number): number {
  if (bytes > WASM_MAX_BLOCK_BYTES) return 0;
  const pointer = accounting.malloc(bytes) >>> 0;
  if (pointer === 0 || pointer + bytes <= module.HEAPU8.length) return pointer;
  accounting.free(pointer);
  return 0;
}

/**
 * Wraps the module's `_malloc` (through which tfjs-backend-wasm allocates every tensor and
 * kernel output) and `_free`, to count the bytes in use and to throw {@link WasmMemoryError}
 * when no block can be had. tfjs does not check: it uses address 0 as the buffer, and the
 * kernel then overwrites the start of the heap (other tensors, the allocator's own state) or
 * faults with "memory access out of bounds" — the process is broken either way.
 */
function accountingOf(module: Guarded): Accounting {
  const existing = module[ACCOUNTING];
  if (existing !== undefined) return existing;
  // Emscripten's first call of `_malloc` and `_free` replaces each with the raw export: a
  // wrapper installed before that call would be overwritten by it.
  module._free(module._malloc(1));
  const accounting: Accounting = { malloc: module._malloc, free: module._free, sizes: new Map(), inUse: 0, peak: 0 };
  module._malloc = (bytes: number): number => {
    const pointer = allocate(module, accounting, bytes);
    if (pointer === 0 && bytes > 0) throw outOfMemory(module, accounting, bytes);
    accounting.sizes.set(pointer, bytes);
    accounting.inUse += bytes;
    if (accounting.inUse > accounting.peak) accounting.peak = accounting.inUse;
    return pointer;
  };
  module._free = (pointer: number): void => {
    const bytes = accounting.sizes.get(pointer >>> 0);
    if (bytes !== undefined) {
      accounting.sizes.delete(pointer >>> 0);
      accounting.inUse -= bytes;
    }
    accounting.free(pointer);
  };
  module[ACCOUNTING] = accounting;
  return accounting;
}

function outOfMemory(module: WasmModule, accounting: Accounting, requestedBytes: number): WasmMemoryError {
  const tooLarge =
    requestedBytes > WASM_MAX_BLOCK_BYTES ? `one buffer can hold at most ${WASM_MAX_BLOCK_BYTES / 2 ** 20} MiB; ` : '';
  return new WasmMemoryError(
    {
      requestedBytes,
      inUseBytes: accounting.inUse,
      heapBytes: module.HEAPU8.length,
      heapLimitBytes: WASM_HEAP_LIMIT_BYTES,
      largestFreeBytes: largestBlock(module, accounting),
    },
    tooLarge + WASM_MEMORY_ADVICE,
  );
}

/** Bisection to 64 KiB (a WASM page) over what the allocator grants, each grant freed at once. */
function largestBlock(module: WasmModule, accounting: Accounting): number {
  const page = 65_536;
  let low = 0;
  let high = Math.floor(WASM_MAX_BLOCK_BYTES / page) + 1;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    const pointer = allocate(module, accounting, middle * page);
    if (pointer === 0) {
      high = middle;
    } else {
      accounting.free(pointer);
      low = middle;
    }
  }
  return low * page;
}

/** The running WASM backend's module, or undefined before it has started. */
function runningModule(): Guarded | undefined {
  const backend = tf.engine().registry.wasm as unknown as WasmBackendModule | undefined;
  return backend?.wasm ?? undefined;
}

/**
 * Guards the WASM backend's allocations (see {@link accountingOf}): the running backend now,
 * and every one the registered factory starts later, however it is activated (`selectBackend`,
 * `tf.setBackend`). Called once on import by `backend.ts`; does nothing twice.
 */
export function guardWasmMemory(): void {
  const running = runningModule();
  if (running !== undefined) accountingOf(running);
  const entry = tf.engine().registryFactory.wasm;
  if (entry === undefined || entry.factory.name === FACTORY_NAME) return;
  const start = entry.factory;
  const factory = async (): Promise<tf.KernelBackend> => {
    const backend = await start();
    const module = (backend as unknown as WasmBackendModule).wasm;
    if (module !== null) accountingOf(module);
    return backend;
  };
  Object.defineProperty(factory, 'name', { value: FACTORY_NAME });
  entry.factory = factory;
}

/** The WASM backend's memory, or undefined when it has not started. */
export function wasmMemoryUsage(): WasmMemoryUsage | undefined {
  const module = runningModule();
  if (module === undefined) return undefined;
  const { inUse, peak, sizes } = accountingOf(module);
  return {
    heapBytes: module.HEAPU8.length,
    heapLimitBytes: WASM_HEAP_LIMIT_BYTES,
    inUseBytes: inUse,
    buffers: sizes.size,
    peakBytes: peak,
  };
}

/** Starts a new high-water mark from the bytes in use now (e.g. at the start of a benchmark suite). */
export function resetWasmMemoryPeak(): void {
  const module = runningModule();
  if (module === undefined) return;
  const accounting = accountingOf(module);
  accounting.peak = accounting.inUse;
}

/**
 * The largest block the WASM heap grants now, to 64 KiB (free memory split into small pieces
 * cannot hold a large tensor), at most {@link WASM_MAX_BLOCK_BYTES}; undefined when the backend
 * has not started. A probe by bisection, each grant freed at once: the allocator searches its
 * free lists only in part, so a lower bound (a refused size can make it miss a block a direct
 * request of that size finds). The probe may grow the heap, as an allocation of that size would
 * (the allocator grows it by the whole of a request no free block fits, and it never shrinks).
 */
export function largestFreeWasmBlock(): number | undefined {
  const module = runningModule();
  return module === undefined ? undefined : largestBlock(module, accountingOf(module));
}

/**
 * Throws {@link WasmMemoryError} unless `bytes` could be allocated now: for buffers the WASM
 * code allocates itself, out of the wrapper's sight (XNNPACK's packed copy of a product's
 * weights), which tfjs uses unchecked. Granted and freed at once.
 */
export function ensureWasmBlock(module: WasmModule, bytes: number): void {
  const accounting = accountingOf(module);
  const pointer = allocate(module, accounting, bytes);
  if (pointer === 0) throw outOfMemory(module, accounting, bytes);
  accounting.free(pointer);
}
