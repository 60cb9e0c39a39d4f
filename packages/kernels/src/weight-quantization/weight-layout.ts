import { BLOCK_COLUMNS } from './blocked-product.js';
import { FLOAT16_MAX, float16BitsOfFloat32 } from './float16.js';
import { PRODUCT_FORMATS } from './product-formats.js';
import { roundHalfEven } from './round-half-even.js';

/**
 * How the decoding kernels store a weight: 8 bits with a scale per output, IEEE half precision, or
 * float32 (the values unchanged, in the kernels' blocked layout).
 */
export const DECODING_DTYPES = ['int8', 'float16', 'float32'] as const;
export type DecodingDtype = (typeof DECODING_DTYPES)[number];

/** Largest stored 8-bit magnitude: symmetric, so −127…127 (−128 unused). */
export const INT8_LEVELS = 127;

/**
 * A float32 weight matrix with `inputs` rows and `outputs` columns in the product `x · W`, stored
 * row-major `[inputs, outputs]` (`in-out`: GPT-2's Conv1D, tfjs Dense) or transposed
 * (`out-in`: a tied token embedding `[vocab, dModel]` used as the LM head).
 */
export interface WeightMatrix {
  readonly values: Float32Array;
  readonly inputs: number;
  readonly outputs: number;
  readonly layout: 'in-out' | 'out-in';
}

/** Sizes of a matrix in the kernels' layout. */
export interface BlockedShape {
  /** Blocks of {@link BLOCK_COLUMNS} output columns (the last one padded with zero columns). */
  readonly blocks: number;
  /** Kernel depth steps: pairs of inputs for int8 (an odd last input padded with 0), inputs otherwise. */
  readonly steps: number;
  /** Bytes of the stored weights. */
  readonly weightBytes: number;
}

export function blockedShape(dtype: DecodingDtype, inputs: number, outputs: number): BlockedShape {
  const blocks = Math.ceil(outputs / BLOCK_COLUMNS);
  const steps = dtype === 'int8' ? Math.ceil(inputs / 2) : inputs;
  return { blocks, steps, weightBytes: blocks * steps * BLOCK_COLUMNS * PRODUCT_FORMATS[dtype].stepBytesPerColumn };
}

/**
 * The blocked layout of `matrix`, one block of {@link BLOCK_COLUMNS} columns at a time: calls
 * `visit(first, sources)` with the block's first column and, for each weight of the block in the
 * order the layout stores them (depth step, column, and for int8 the step's two inputs), its
 * index in `values`, or -1 for padding. Writing block by block through `sources` keeps the
 * per-weight loops of the packers free of calls.
 */
function forEachBlock(
  matrix: WeightMatrix,
  inputsPerStep: number,
  visit: (first: number, sources: Int32Array) => void,
): void {
  const { inputs, outputs, layout } = matrix;
  const [inputStride, outputStride] = layout === 'in-out' ? [outputs, 1] : [1, inputs];
  const steps = Math.ceil(inputs / inputsPerStep);
  const sources = new Int32Array(steps * BLOCK_COLUMNS * inputsPerStep);
  for (let first = 0; first < outputs; first += BLOCK_COLUMNS) {
    let position = 0;
    for (let step = 0; step < steps; step++) {
      for (let output = first; output < first + BLOCK_COLUMNS; output++) {
        for (let input = step * inputsPerStep; input < (step + 1) * inputsPerStep; input++) {
          sources[position++] = input < inputs && output < outputs ? input * inputStride + output * outputStride : -1;
        }
      }
    }
    visit(first, sources);
  }
}

/** `weight [input, output] = value` for `values[index]`, for an error message. */
function describeWeight(matrix: WeightMatrix, index: number): string {
  const { values, inputs, outputs, layout } = matrix;
  const run = layout === 'in-out' ? outputs : inputs;
  const [outer, inner] = [Math.floor(index / run), index % run];
  const [input, output] = layout === 'in-out' ? [outer, inner] : [inner, outer];
  return `weight [${input}, ${output}] = ${values[index]}`;
}

function checkMatrix(name: string, matrix: WeightMatrix): void {
  const { values, inputs, outputs, layout } = matrix;
  for (const [field, size] of [
    ['inputs', inputs],
    ['outputs', outputs],
  ] as const) {
    if (!Number.isInteger(size) || size < 1) {
      throw new RangeError(`${name}: ${field} = ${size} is invalid: expected an integer >= 1`);
    }
  }
  if (values.length !== inputs * outputs) {
    throw new RangeError(`${name}: ${values.length} values do not fill ${inputs} × ${outputs} (${layout})`);
  }
}

/**
 * Writes `matrix` (every value finite) as symmetric 8-bit weights with one scale per output
 * column into `weights` (the kernel's blocked layout, {@link blockedShape}'s bytes, zeroed:
 * padding is not written) and `scales` (one float32 per column): scale_j = max_k |W[k, j]| / 127
 * rounded to float32, q = W / scale_j rounded to nearest (ties to even), so each weight is off
 * by at most scale_j / 2. A column of zeros has scale 0.
 */
export function packInt8(name: string, matrix: WeightMatrix, weights: Int8Array, scales: Float32Array): void {
  checkMatrix(name, matrix);
  const { values, inputs, outputs } = matrix;
  const largest = new Float64Array(outputs);
  for (let index = 0; index < values.length; index++) {
    const magnitude = Math.abs(values[index]!);
    const output = matrix.layout === 'in-out' ? index % outputs : Math.floor(index / inputs);
    // NaN fails every comparison, as infinity fails this one.
    if (!(magnitude <= Number.MAX_VALUE)) {
      throw new RangeError(`${name}: ${describeWeight(matrix, index)}; a weight to quantise must be finite`);
    }
    if (magnitude > largest[output]!) largest[output] = magnitude;
  }
  largest.forEach((max, output) => {
    scales[output] = Math.fround(max / INT8_LEVELS);
  });
  const blockBytes = Math.ceil(inputs / 2) * BLOCK_COLUMNS * 2;
  forEachBlock(matrix, 2, (first, sources) => {
    const base = (first / BLOCK_COLUMNS) * blockBytes;
    for (let position = 0; position < sources.length; position++) {
      const source = sources[position]!;
      if (source < 0) continue;
      // Positions run over pairs of inputs per column: the column is (position / 2) mod 16.
      const scale = scales[first + ((position >> 1) & (BLOCK_COLUMNS - 1))]!;
      const level = scale === 0 ? 0 : roundHalfEven(values[source]! / scale);
      weights[base + position] = Math.max(-INT8_LEVELS, Math.min(INT8_LEVELS, level));
    }
  });
}

/**
 * Writes `matrix` as IEEE half-precision bits (nearest, ties to even) into `weights` (zeroed) in
 * the blocked layout; a value with no finite half (|value| ≥ 65520, non-finite) is refused.
 */
export function packFloat16(name: string, matrix: WeightMatrix, weights: Uint16Array): void {
  checkMatrix(name, matrix);
  const bits = new Uint32Array(matrix.values.buffer, matrix.values.byteOffset, matrix.values.length);
  const blockHalves = matrix.inputs * BLOCK_COLUMNS;
  forEachBlock(matrix, 1, (first, sources) => {
    const base = (first / BLOCK_COLUMNS) * blockHalves;
    for (let position = 0; position < sources.length; position++) {
      const source = sources[position]!;
      if (source < 0) continue;
      const half = float16BitsOfFloat32(bits[source]!);
      if ((half & 0x7fff) >= 0x7c00) {
        const limit = `(|value| < ${FLOAT16_MAX + 16})`;
        throw new RangeError(`${name}: ${describeWeight(matrix, source)} has no finite float16 value ${limit}`);
      }
      weights[base + position] = half;
    }
  });
}

/** Writes `matrix` unchanged into `weights` (zeroed) in the blocked layout; a non-finite value is refused. */
export function packFloat32(name: string, matrix: WeightMatrix, weights: Float32Array): void {
  checkMatrix(name, matrix);
  const { values } = matrix;
  const blockValues = matrix.inputs * BLOCK_COLUMNS;
  forEachBlock(matrix, 1, (first, sources) => {
    const base = (first / BLOCK_COLUMNS) * blockValues;
    for (let position = 0; position < sources.length; position++) {
      const source = sources[position]!;
      if (source < 0) continue;
      const value = values[source]!;
      if (!Number.isFinite(value)) {
        throw new RangeError(`${name}: ${describeWeight(matrix, source)}; a stored weight must be finite`);
      }
      weights[base + position] = value;
    }
  });
}
