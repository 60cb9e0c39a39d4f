import { BLOCK_COLUMNS } from './blocked-product.js';
import { FLOAT16_MAX, float16BitsOfFloat32 } from './float16.js';
import { roundHalfEven } from './round-half-even.js';

/** How the decoding kernels store a weight: IEEE half precision, or 8 bits with a scale per output. */
export const DECODING_DTYPES = ['int8', 'float16'] as const;
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
  /** Kernel depth steps: pairs of inputs for int8 (an odd last input padded with 0), inputs for float16. */
  readonly steps: number;
  /** Bytes of the stored weights. */
  readonly weightBytes: number;
}

export function blockedShape(dtype: DecodingDtype, inputs: number, outputs: number): BlockedShape {
  const blocks = Math.ceil(outputs / BLOCK_COLUMNS);
  const steps = dtype === 'int8' ? Math.ceil(inputs / 2) : inputs;
  // Each step of a block holds two bytes per column: two int8 inputs or one float16.
  return { blocks, steps, weightBytes: blocks * steps * BLOCK_COLUMNS * 2 };
}

/** Index in `values` of the weight at `[input, output]`. */
function indexOf(matrix: WeightMatrix, input: number, output: number): number {
  return matrix.layout === 'in-out' ? input * matrix.outputs + output : output * matrix.inputs + input;
}

/**
 * Calls `write(target, input, output)` for every weight, in the order the blocked layout stores
 * them (so the writes run sequentially): block, depth step, column, and for int8 the step's two
 * inputs; `target` counts weights from the start of the layout. Padding is skipped.
 */
function forEachInLayout(
  matrix: WeightMatrix,
  inputsPerStep: number,
  write: (target: number, input: number, output: number) => void,
): void {
  const { inputs, outputs } = matrix;
  const steps = Math.ceil(inputs / inputsPerStep);
  let target = 0;
  for (let first = 0; first < outputs; first += BLOCK_COLUMNS) {
    for (let step = 0; step < steps; step++) {
      for (let column = 0; column < BLOCK_COLUMNS; column++) {
        for (let sub = 0; sub < inputsPerStep; sub++, target++) {
          const input = step * inputsPerStep + sub;
          const output = first + column;
          if (input < inputs && output < outputs) write(target, input, output);
        }
      }
    }
  }
}

function checkMatrix(name: string, matrix: WeightMatrix): void {
  const { values, inputs, outputs, layout } = matrix;
  for (const [field, size] of [['inputs', inputs], ['outputs', outputs]] as const) {
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
    // NaN fails every comparison: caught here, where the position is known.
    if (!(magnitude <= Number.MAX_VALUE)) {
      const input = matrix.layout === 'in-out' ? Math.floor(index / outputs) : index % inputs;
      const where = `weight [${input}, ${output}] = ${values[index]}`;
      throw new RangeError(`${name}: ${where}; a weight to quantise must be finite`);
    }
    if (magnitude > largest[output]!) largest[output] = magnitude;
  }
  largest.forEach((max, output) => {
    scales[output] = Math.fround(max / INT8_LEVELS);
  });
  forEachInLayout(matrix, 2, (target, input, output) => {
    const scale = scales[output]!;
    const level = roundHalfEven(values[indexOf(matrix, input, output)]! / scale);
    weights[target] = scale === 0 ? 0 : Math.max(-INT8_LEVELS, Math.min(INT8_LEVELS, level));
  });
}

/**
 * Writes `matrix` as IEEE half-precision bits (nearest, ties to even) into `weights` (zeroed) in
 * the blocked layout; a value with no finite half (|value| ≥ 65520, non-finite) is refused.
 */
export function packFloat16(name: string, matrix: WeightMatrix, weights: Uint16Array): void {
  checkMatrix(name, matrix);
  const bits = new Uint32Array(matrix.values.buffer, matrix.values.byteOffset, matrix.values.length);
  forEachInLayout(matrix, 1, (target, input, output) => {
    const half = float16BitsOfFloat32(bits[indexOf(matrix, input, output)]!);
    if ((half & 0x7fff) >= 0x7c00) {
      const where = `weight [${input}, ${output}] = ${matrix.values[indexOf(matrix, input, output)]}`;
      throw new RangeError(`${name}: ${where} has no finite float16 value (|value| < ${FLOAT16_MAX + 16})`);
    }
    weights[target] = half;
  });
}
