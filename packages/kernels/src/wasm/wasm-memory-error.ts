/** What the WASM heap looked like when an allocation failed, in bytes. */
export interface WasmMemoryFigures {
  /** The allocation that failed. */
  readonly requestedBytes: number;
  /** Tensors and kernel buffers allocated through the backend and not freed yet. */
  readonly inUseBytes: number;
  /** The module's memory: it grows on demand up to `heapLimitBytes` and never shrinks. */
  readonly heapBytes: number;
  readonly heapLimitBytes: number;
  /** The largest block that could still be allocated: free memory may be split into smaller pieces. */
  readonly largestFreeBytes: number;
}

/** What to do about it, when the caller knows nothing more specific (the trainer does). */
export const WASM_MEMORY_ADVICE =
  'use a smaller batch or context, dispose models and tensors no longer needed, or another backend (tensorflow or cpu)';

const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/**
 * The WASM backend could not allocate a buffer: its heap (at most 4 GiB) is full or too
 * fragmented. Thrown instead of the memory fault (or silently wrong output) tfjs-backend-wasm
 * gives when its allocator comes back empty; the backend and the tensors that existed before
 * stay usable.
 */
export class WasmMemoryError extends Error {
  override readonly name = 'WasmMemoryError';

  constructor(
    readonly figures: WasmMemoryFigures,
    readonly advice: string = WASM_MEMORY_ADVICE,
    options?: ErrorOptions,
  ) {
    const { requestedBytes, inUseBytes, heapBytes, heapLimitBytes, largestFreeBytes } = figures;
    super(
      `the WASM backend is out of memory: ${mib(requestedBytes)} asked for, ${mib(inUseBytes)} in use by tensors, ` +
        `heap ${mib(heapBytes)} of at most ${mib(heapLimitBytes)}, ` +
        `largest free block ${mib(largestFreeBytes)}; ${advice}`,
      options,
    );
  }

  /**
   * The same failure with `advice` for the caller's situation (the trainer names its options), this error as its cause.
   */
  withAdvice(advice: string): WasmMemoryError {
    return new WasmMemoryError(this.figures, advice, { cause: this });
  }
}
