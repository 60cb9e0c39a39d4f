import { resetWasmMemoryPeak, wasmMemoryUsage } from '@fewshot/kernels';

/** The WASM heap over one suite, in bytes. */
export interface SuiteHeap {
  /** High-water mark: the most that tensors and kernel buffers held at once during the suite. */
  readonly peakBytes: number;
  /** What the suite left in use: every model and tensor it made should have been freed. */
  readonly inUseAfterBytes: number;
  readonly buffersAfter: number;
  /** The module's memory after the suite: it grows on demand and never shrinks. */
  readonly heapBytes: number;
  readonly heapLimitBytes: number;
}

/**
 * Starts watching the WASM heap for one suite: the returned function reads the figures at its
 * end, or undefined when the WASM backend has not started (a suite that does not use it, with
 * none before it that did).
 */
export function watchWasmHeap(): () => SuiteHeap | undefined {
  resetWasmMemoryPeak();
  return () => {
    const usage = wasmMemoryUsage();
    if (usage === undefined) return undefined;
    return {
      peakBytes: usage.peakBytes,
      inUseAfterBytes: usage.inUseBytes,
      buffersAfter: usage.buffers,
      heapBytes: usage.heapBytes,
      heapLimitBytes: usage.heapLimitBytes,
    };
  };
}

const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/** One line for the progress log. */
export function describeSuiteHeap(heap: SuiteHeap): string {
  return (
    `WASM heap: peak ${mib(heap.peakBytes)} in use, ` +
    `${mib(heap.inUseAfterBytes)} in ${heap.buffersAfter} buffers left after; ` +
    `heap ${mib(heap.heapBytes)} of at most ${mib(heap.heapLimitBytes)}`
  );
}

/** The report's table: a row per suite (`—` where the WASM backend had not started). */
export function suiteHeapTable(
  suites: readonly { readonly suite: string; readonly heap?: SuiteHeap | undefined }[],
): string[][] {
  return [
    ['suite', 'high-water mark (in use)', 'in use after', 'buffers after', 'heap size after'],
    ...suites.map(({ suite, heap }) =>
      heap === undefined
        ? [suite, '—', '—', '—', '—']
        : [suite, mib(heap.peakBytes), mib(heap.inUseAfterBytes), String(heap.buffersAfter), mib(heap.heapBytes)],
    ),
  ];
}
