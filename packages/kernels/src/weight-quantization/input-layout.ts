import { INPUT_ROW_MULTIPLE } from './quantize-inputs.js';

/**
 * The float16 kernel reads each half as the float32 half × 2^-112 (see `FLOAT16_FORMAT`). Its
 * inputs are multiplied by 2^56 and its sums by 2^56 to undo that: the products (x·w·2^-56) stay
 * normal floats for |x·w| ≥ 2^-70, and the scaled inputs finite for |x| < 2^72.
 */
export const FLOAT16_INPUT_SCALE = 2 ** 56;

/** Floats per row of an int8 product's raw inputs: the inputs padded to a multiple of 8. */
export const paddedRow = (inputs: number): number => Math.ceil(inputs / INPUT_ROW_MULTIPLE) * INPUT_ROW_MULTIPLE;

/**
 * An int8 product's inputs as `quantizeInputs` reads them: each row of `x` (`rows` rows,
 * row-major) at `paddedRow(inputs)` floats, its padding zeros.
 */
export function writePaddedRows(target: Float32Array, x: Float32Array, rows: number): void {
  const inputs = x.length / rows;
  const stride = paddedRow(inputs);
  if (stride === inputs) {
    target.set(x);
    return;
  }
  for (let r = 0; r < rows; r++) {
    target.set(x.subarray(r * inputs, (r + 1) * inputs), r * stride);
    target.fill(0, r * stride + inputs, (r + 1) * stride);
  }
}

/**
 * A float product's inputs, step-major (`k · rows + r`), each multiplied by `scale` and each row's
 * sums by it again: {@link FLOAT16_INPUT_SCALE} for float16 weights, 1 for float32.
 */
export function writeFloatInputs(
  target: Float32Array,
  x: Float32Array,
  rows: number,
  rowScales: Float32Array,
  scale: number,
): void {
  const inputs = x.length / rows;
  for (let r = 0; r < rows; r++) {
    rowScales[r] = scale;
    for (let k = 0; k < inputs; k++) target[k * rows + r] = x[r * inputs + k]! * scale;
  }
}
