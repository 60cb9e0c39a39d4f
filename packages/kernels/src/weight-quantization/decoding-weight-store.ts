import { BLOCK_COLUMNS } from './blocked-product.js';
import {
  type DecodingKernels,
  WASM_MAX_BYTES,
  WASM_PAGE_BYTES,
  instantiateDecodingKernels,
} from './decoding-module.js';
import { type HelperProgram, type HelperThread, startTwoThreadKernels } from './helper-thread.js';
import { FLOAT16_INPUT_SCALE, paddedRow, writeFloatInputs, writePaddedRows } from './input-layout.js';
import {
  type BlockedShape,
  type DecodingDtype,
  type WeightMatrix,
  blockedShape,
  packFloat16,
  packFloat32,
  packInt8,
} from './weight-layout.js';

/** Alignment of every region of the store's memory (a cache line). */
const ALIGNMENT = 64;

/** Threads a store's products can run on. */
export const DECODING_THREADS = [1, 2] as const;
export type DecodingThreads = (typeof DECODING_THREADS)[number];

export interface DecodingWeightStoreOptions {
  /**
   * Threads each product runs on (default 1). With 2 (Node only), the store's memory is a shared
   * `WebAssembly.Memory` and a `worker_threads` worker with its own instance of the module computes
   * the second half of every product's column blocks while the calling thread computes the first;
   * `multiply` stays synchronous and its results are those of one thread, bit for bit.
   */
  readonly threads?: number;
  /**
   * Functions of other modules the helper thread runs too, with two threads (e.g. the heap kernels
   * on the WASM backend's shared memory, so that the cached attention takes the same second thread).
   */
  readonly alsoRun?: readonly HelperProgram[];
}

/** `threads` if it is a thread count a store runs on, else a RangeError naming it. */
export function checkDecodingThreads(threads: number): DecodingThreads {
  if (!(DECODING_THREADS as readonly number[]).includes(threads)) {
    throw new RangeError(`threads = ${threads} is invalid: expected ${DECODING_THREADS.join(' or ')}`);
  }
  return threads as DecodingThreads;
}

interface Region {
  readonly pointer: number;
  readonly bytes: number;
}

/** Where one call's inputs, their row scales and outputs go (reused by every call that fits). */
interface Scratch {
  readonly inputs: Region;
  readonly rowScales: Region;
  readonly outputs: Region;
}

/**
 * A weight matrix (and its bias) stored for decoding in a {@link DecodingWeightStore}: `multiply`
 * computes `x · W + bias` for a few rows of `x` straight from the stored weights (8-bit, 16-bit or
 * float32).
 */
export class QuantizedMatrix {
  constructor(
    private readonly store: DecodingWeightStore,
    readonly name: string,
    readonly dtype: DecodingDtype,
    readonly inputs: number,
    readonly outputs: number,
    private readonly shape: BlockedShape,
    private readonly weights: Region,
    private readonly scales: Region,
    private readonly bias: Region,
  ) {}

  /** Bytes of the store's memory this matrix holds: weights, scales and bias. */
  get byteLength(): number {
    return this.weights.bytes + this.scales.bytes + this.bias.bytes;
  }

  /**
   * `x · W + bias` for `x` holding `rows` rows of {@link inputs} values (row-major); returns
   * `rows` rows of {@link outputs} values, written into `output` when given. An int8 product
   * rounds each row of `x` to 16 bits first (steps of max|row| / 32767, see `quantizeInputs`); a
   * row with a non-finite value gives NaN.
   */
  multiply(x: Float32Array, rows: number, output: Float32Array = new Float32Array(rows * this.outputs)): Float32Array {
    if (!Number.isInteger(rows) || rows < 1) {
      throw new RangeError(`rows = ${rows} is invalid: expected an integer >= 1`);
    }
    if (x.length !== rows * this.inputs) {
      throw new RangeError(`${this.name}: x has ${x.length} values, expected ${rows} rows × ${this.inputs} inputs`);
    }
    if (output.length !== rows * this.outputs) {
      const expected = `${rows} rows × ${this.outputs} outputs`;
      throw new RangeError(`${this.name}: output has ${output.length} values, expected ${expected}`);
    }
    const { blocks, steps } = this.shape;
    const { kernels } = this.store;
    const stride = paddedRow(this.inputs);
    // int8: the raw rows, then their 16-bit levels (pairs for up to `stride` inputs); otherwise the (scaled) inputs.
    const inputBytes = this.dtype === 'int8' ? rows * stride * 6 : rows * steps * 4;
    const scratch = this.store.scratch(rows, inputBytes, rows * blocks * BLOCK_COLUMNS * 4);
    const { buffer } = kernels.memory;
    const levels = scratch.inputs.pointer + rows * stride * 4;
    if (this.dtype === 'int8') {
      writePaddedRows(new Float32Array(buffer, scratch.inputs.pointer, rows * stride), x, rows);
      kernels.quantizeInputs(scratch.inputs.pointer, levels, scratch.rowScales.pointer, rows, stride);
    } else {
      const rowScales = new Float32Array(buffer, scratch.rowScales.pointer, rows);
      const scale = this.dtype === 'float16' ? FLOAT16_INPUT_SCALE : 1;
      writeFloatInputs(new Float32Array(buffer, scratch.inputs.pointer, rows * steps), x, rows, rowScales, scale);
    }
    const padded = blocks * BLOCK_COLUMNS;
    const blockBytes = this.shape.weightBytes / blocks;
    // The kernel's arguments for the column blocks first … first + count − 1 of every row.
    const args = (first: number, count: number): number[] => [
      this.weights.pointer + first * blockBytes,
      this.scales.pointer + first * BLOCK_COLUMNS * 4,
      this.bias.pointer + first * BLOCK_COLUMNS * 4,
      this.dtype === 'int8' ? levels : scratch.inputs.pointer,
      scratch.rowScales.pointer,
      scratch.outputs.pointer + first * BLOCK_COLUMNS * 4,
      rows,
      steps,
      count,
      padded,
    ];
    const kernel = kernels[this.dtype];
    const { helper } = this.store;
    if (helper === undefined || blocks < 2) {
      kernel(...args(0, blocks));
    } else {
      // The helper takes the second half of the blocks while this thread computes the first.
      const split = Math.ceil(blocks / 2);
      helper.alongside(this.dtype, args(split, blocks - split), () => {
        kernel(...args(0, split));
      });
    }
    const y = new Float32Array(buffer, scratch.outputs.pointer, rows * padded);
    for (let r = 0; r < rows; r++) output.set(y.subarray(r * padded, r * padded + this.outputs), r * this.outputs);
    return output;
  }
}

/**
 * One WebAssembly instance of the decoding kernels with a memory of its own, holding weight
 * matrices stored for decoding (each copied in once, by {@link add}) and the room for one call's
 * inputs and outputs; on two threads, a second instance in a worker shares that memory. Nothing is
 * freed before {@link dispose}: a store holds one model's weights.
 */
export class DecodingWeightStore {
  private top = ALIGNMENT;
  private current: Scratch | undefined;
  private active: DecodingThreads;

  private constructor(
    private instance: DecodingKernels | undefined,
    private readonly helperThread: HelperThread | undefined,
  ) {
    this.active = this.threads;
  }

  /** A store whose products run on `options.threads` threads (1 or 2; see {@link DecodingWeightStoreOptions}). */
  static async create(options: DecodingWeightStoreOptions = {}): Promise<DecodingWeightStore> {
    const threads = checkDecodingThreads(options.threads ?? 1);
    if (threads === 1) return new DecodingWeightStore(await instantiateDecodingKernels(), undefined);
    const { kernels, helper } = await startTwoThreadKernels(options.alsoRun);
    return new DecodingWeightStore(kernels, helper);
  }

  /** Threads the store was created for. */
  get threads(): DecodingThreads {
    return this.helperThread === undefined ? 1 : 2;
  }

  /** Threads its products run on now: {@link threads}, unless {@link useThreads} chose fewer. */
  get activeThreads(): DecodingThreads {
    return this.active;
  }

  /**
   * Runs the products on `threads` threads from now on, at most those the store was created for:
   * a two-thread store can run on one (its helper idle), e.g. while another job needs the core.
   */
  useThreads(threads: number): void {
    const checked = checkDecodingThreads(threads);
    if (checked > this.threads) {
      throw new RangeError(`threads = ${threads} is invalid: this store was created for ${this.threads} thread`);
    }
    this.active = checked;
  }

  /** The helper thread while products run on two threads. */
  get helper(): HelperThread | undefined {
    return this.active === 2 ? this.helperThread : undefined;
  }

  /** Bytes of the store's memory in use (weights, scales, biases and the call buffers). */
  get byteLength(): number {
    return this.top;
  }

  /**
   * Stores `matrix` (with `bias`, one value per output, if given) as `dtype` and returns it: int8
   * with one scale per output column, float16, or float32 (the values unchanged). Throws when a
   * value is not finite, a float16 value is out of range, or the memory would pass wasm32's 4 GiB.
   */
  add(name: string, matrix: WeightMatrix, dtype: DecodingDtype, bias?: Float32Array): QuantizedMatrix {
    if (bias !== undefined && bias.length !== matrix.outputs) {
      throw new RangeError(`${name}: bias has ${bias.length} values, expected one per output (${matrix.outputs})`);
    }
    const shape = blockedShape(dtype, matrix.inputs, matrix.outputs);
    const columns = shape.blocks * BLOCK_COLUMNS;
    const weights = this.allocate(shape.weightBytes, name);
    const scales = this.allocate(dtype === 'int8' ? columns * 4 : 0, name);
    const biasRegion = this.allocate(columns * 4, name);
    const buffer = this.kernels.memory.buffer;
    if (dtype === 'int8') {
      const scaleValues = new Float32Array(buffer, scales.pointer, columns);
      packInt8(name, matrix, new Int8Array(buffer, weights.pointer, weights.bytes), scaleValues);
    } else if (dtype === 'float16') {
      packFloat16(name, matrix, new Uint16Array(buffer, weights.pointer, weights.bytes / 2));
    } else {
      packFloat32(name, matrix, new Float32Array(buffer, weights.pointer, weights.bytes / 4));
    }
    if (bias !== undefined) new Float32Array(buffer, biasRegion.pointer, columns).set(bias);
    return new QuantizedMatrix(this, name, dtype, matrix.inputs, matrix.outputs, shape, weights, scales, biasRegion);
  }

  /** The instance, until {@link dispose}. */
  get kernels(): DecodingKernels {
    if (this.instance === undefined) throw new Error('this DecodingWeightStore was disposed');
    return this.instance;
  }

  /** Buffers for a call of `rows` rows, grown (at the end of the memory) when a call needs more. */
  scratch(rows: number, inputBytes: number, outputBytes: number): Scratch {
    const { current } = this;
    const fits = (region: Region, bytes: number): boolean => region.bytes >= bytes;
    if (
      current !== undefined &&
      fits(current.inputs, inputBytes) &&
      fits(current.rowScales, rows * 4) &&
      fits(current.outputs, outputBytes)
    ) {
      return current;
    }
    const grown = {
      inputs: this.allocate(Math.max(inputBytes, current?.inputs.bytes ?? 0), 'call inputs'),
      rowScales: this.allocate(Math.max(rows * 4, current?.rowScales.bytes ?? 0), 'call row scales'),
      outputs: this.allocate(Math.max(outputBytes, current?.outputs.bytes ?? 0), 'call outputs'),
    };
    this.current = grown;
    return grown;
  }

  /**
   * Lets go of the instance and its memory (garbage once unreferenced) and terminates the helper
   * thread, if any: the matrices stop working.
   */
  dispose(): void {
    this.instance = undefined;
    void this.helperThread?.stop();
  }

  private allocate(bytes: number, what: string): Region {
    const pointer = this.top;
    const end = pointer + Math.ceil(bytes / ALIGNMENT) * ALIGNMENT;
    if (end > WASM_MAX_BYTES) {
      throw new RangeError(
        `${what}: the decoding weights need ${end} bytes, more than a WebAssembly memory holds (4 GiB); ` +
          'store fewer weights or a smaller dtype',
      );
    }
    const { memory } = this.kernels;
    const missing = Math.ceil(end / WASM_PAGE_BYTES) - memory.buffer.byteLength / WASM_PAGE_BYTES;
    try {
      if (missing > 0) memory.grow(missing);
    } catch (error) {
      throw new RangeError(`${what}: the decoding weights' memory could not grow to ${end} bytes`, { cause: error });
    }
    this.top = end;
    return { pointer, bytes };
  }
}
