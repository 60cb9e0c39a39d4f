/** Largest magnitude an int8 product's inputs are rounded to: 16-bit lanes of `i32x4.dot_i16x8_s`. */
export const INPUT_LEVELS = 32767;
/**
 * The float16 kernel reads each half as the float32 half × 2^-112 (see `FLOAT16_FORMAT`). Its
 * inputs are multiplied by 2^56 and its sums by 2^56 to undo that: the products (x·w·2^-56) stay
 * normal floats for |x·w| ≥ 2^-70, and the scaled inputs finite for |x| < 2^72.
 */
export const FLOAT16_INPUT_SCALE = 2 ** 56;

/**
 * An int8 product's inputs: each row rounded to multiples of its step max|row| / 32767 (16-bit
 * levels, `rowScales[r]` = the step), pairs of inputs step-major: input k of row r at
 * `((k >> 1) · rows + r) · 2 + (k & 1)`, a missing last input 0. A row of zeros has step 0; a
 * row with a non-finite value step NaN, so its outputs are NaN.
 */
export function writeInt16Inputs(target: Int16Array, x: Float32Array, rows: number, rowScales: Float32Array): void {
  const inputs = x.length / rows;
  target.fill(0);
  for (let r = 0; r < rows; r++) {
    let largest = 0;
    for (let k = 0; k < inputs; k++) largest = Math.max(largest, Math.abs(x[r * inputs + k]!));
    const step = Math.fround(largest / INPUT_LEVELS);
    rowScales[r] = Number.isFinite(largest) ? step : NaN;
    if (step === 0 || !Number.isFinite(step)) continue;
    for (let k = 0; k < inputs; k++) {
      const level = Math.round(x[r * inputs + k]! / step);
      target[((k >> 1) * rows + r) * 2 + (k & 1)] = Math.max(-INPUT_LEVELS, Math.min(INPUT_LEVELS, level));
    }
  }
}

/** A float16 product's inputs: scaled by {@link FLOAT16_INPUT_SCALE}, step-major (`k · rows + r`). */
export function writeFloat32Inputs(target: Float32Array, x: Float32Array, rows: number, rowScales: Float32Array): void {
  const inputs = x.length / rows;
  for (let r = 0; r < rows; r++) {
    rowScales[r] = FLOAT16_INPUT_SCALE;
    for (let k = 0; k < inputs; k++) target[k * rows + r] = x[r * inputs + k]! * FLOAT16_INPUT_SCALE;
  }
}
