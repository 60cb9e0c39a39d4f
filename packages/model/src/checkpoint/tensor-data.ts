import { type SafetensorsDtype, decodeFloats } from './safetensors-dtype.js';

/** A named tensor's values in float32, row-major, with its shape: what checkpoints carry. */
export interface TensorData {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** A tensor read from a checkpoint file: the dtype stored there, values widened to float32. */
export interface StoredTensor extends TensorData {
  readonly dtype: SafetensorsDtype;
}

/**
 * A stored tensor whose `data` is decoded from its little-endian `bytes` on first read (then
 * kept), so buffers a model skips — a GPT-Neo mask is 4 MiB of BOOL per layer — are never widened.
 * `bytes` must hold exactly `elementCount(shape)` elements of `dtype`.
 */
export function storedTensor(dtype: SafetensorsDtype, shape: readonly number[], bytes: Uint8Array): StoredTensor {
  let data: Float32Array | undefined;
  return {
    dtype,
    shape,
    get data() {
      data ??= decodeFloats(bytes, dtype, elementCount(shape));
      return data;
    },
  };
}

/** The element count of `shape`; throws past Number.MAX_SAFE_INTEGER instead of losing precision. */
export function elementCount(shape: readonly number[]): number {
  let count = 1;
  for (const size of shape) count *= size;
  if (!Number.isSafeInteger(count))
    throw new RangeError(`shape ${JSON.stringify(shape)} has more elements than can be counted exactly`);
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
