import { checkDecodingThreads } from './decoding-weight-store.js';
import { WASM_PAGE_BYTES, instantiateDecodingKernels } from './decoding-module.js';
import { startTwoThreadKernels } from './helper-thread.js';
import { READ_SUM_STRIDE } from './read-sum.js';

export interface ReadBandwidth {
  /** Threads that read the region at once, each its half. */
  readonly threads: number;
  /** Bytes read per round. */
  readonly bytes: number;
  /** Seconds of each round, in the order they ran. */
  readonly seconds: readonly number[];
  /** Bytes per second of the fastest round, in GB/s (10^9 bytes). */
  readonly best: number;
  /** Bytes per second of the median round, in GB/s. */
  readonly median: number;
}

export interface ReadBandwidthOptions {
  /** Bytes to read each round; far beyond the caches (default 256 MiB). */
  readonly bytes?: number;
  /** Timed rounds after one untimed (default 5). */
  readonly rounds?: number;
  /**
   * Threads reading at once (default 1): with 2, a `worker_threads` helper sums the second half of
   * the region (a shared memory) while the calling thread sums the first, as a two-thread
   * `DecodingWeightStore` reads its weights; a round lasts until both are done. Node only.
   */
  readonly threads?: number;
}

/**
 * How fast one thread (or two) of this machine reads memory from WebAssembly: the decoding
 * module's `sum` over a region of a fresh instance's memory, written first (untouched pages would
 * all read the one zero page), timed over several rounds. Reading a model's weights once per token
 * on as many threads can be no faster: bytes / bandwidth is a decoding step's floor.
 */
export async function measureReadBandwidth(options: ReadBandwidthOptions = {}): Promise<ReadBandwidth> {
  const { bytes = 256 * 2 ** 20, rounds = 5 } = options;
  const threads = checkDecodingThreads(options.threads ?? 1);
  const least = READ_SUM_STRIDE * threads;
  if (!Number.isInteger(bytes) || bytes < least || bytes % READ_SUM_STRIDE !== 0 || bytes > 2 ** 31) {
    throw new RangeError(
      `bytes = ${bytes} is invalid: expected a multiple of ${READ_SUM_STRIDE} from ${least} up to 2 GiB`,
    );
  }
  if (!Number.isInteger(rounds) || rounds < 1) {
    throw new RangeError(`rounds = ${rounds} is invalid: expected an integer >= 1`);
  }
  const { kernels, helper } =
    threads === 2 ? await startTwoThreadKernels() : { kernels: await instantiateDecodingKernels(), helper: undefined };
  const seconds: number[] = [];
  try {
    const missing = Math.ceil(bytes / WASM_PAGE_BYTES) - kernels.memory.buffer.byteLength / WASM_PAGE_BYTES;
    if (missing > 0) kernels.memory.grow(missing);
    new Float32Array(kernels.memory.buffer, 0, bytes / 4).fill(1);
    // Each half a whole number of the sum's strides.
    const half = Math.ceil(bytes / READ_SUM_STRIDE / 2) * READ_SUM_STRIDE;
    const read = (): void => {
      if (helper === undefined) {
        kernels.sum(0, bytes);
        return;
      }
      helper.alongside('sum', [half, bytes - half], () => kernels.sum(0, half));
    };
    read();
    for (let round = 0; round < rounds; round++) {
      const start = performance.now();
      read();
      seconds.push((performance.now() - start) / 1000);
    }
  } finally {
    await helper?.stop();
  }
  const sorted = [...seconds].sort((a, b) => a - b);
  const rate = (time: number): number => bytes / time / 1e9;
  return {
    threads,
    bytes,
    seconds,
    best: rate(sorted[0] ?? 0),
    median: rate(sorted[Math.floor((sorted.length - 1) / 2)] ?? 0),
  };
}
