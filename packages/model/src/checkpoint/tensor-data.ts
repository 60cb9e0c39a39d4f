/** A named tensor's values in float32, row-major, with its shape: what checkpoints carry. */
export interface TensorData {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** The element count of `shape`; throws past Number.MAX_SAFE_INTEGER instead of losing precision. */
export function elementCount(shape: readonly number[]): number {
  let count = 1;
  for (const size of shape) count *= size;
  if (!Number.isSafeInteger(count)) throw new RangeError(`shape ${JSON.stringify(shape)} has more elements than can be counted exactly`);
  return count;
}

/** `[rows, cols]` → `[cols, rows]`. */
export function transpose2d(tensor: TensorData): TensorData {
  const [rows = 0, cols = 0] = tensor.shape;
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[c * rows + r] = tensor.data[r * cols + c] ?? 0;
  }
  return { shape: [cols, rows], data: out };
}
