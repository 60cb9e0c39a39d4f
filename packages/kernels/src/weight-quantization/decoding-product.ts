import type { DecodingProduct } from '@fewshot/model';
import * as tf from '@tensorflow/tfjs-core';
import type { QuantizedMatrix } from './decoding-weight-store.js';

/** Name of the WASM kernel that runs a stored product on the backend's heap. */
const DECODING_PRODUCT = 'FewshotDecodingProduct';

/** The WASM backend's heap methods used here (tfjs passes the backend as a plain `KernelBackend`). */
interface WasmHeap {
  makeOutput: (shape: number[], dtype: 'float32') => tf.TensorInfo;
  typedArrayFromHeap: (info: tf.TensorInfo) => Float32Array;
}

/** Stored matrices by the id the kernel's attributes carry. */
const matrices = new Map<number, QuantizedMatrix>();
let nextId = 0;

/** A tensor's values as float32 (a copy, on every backend). */
export function float32Values(tensor: tf.Tensor): Float32Array {
  const data = tensor.dataSync();
  return data instanceof Float32Array ? data : Float32Array.from(data);
}

/** The rows of `x` `[..., in]`: the product of its leading axes. */
function rowsOf(x: tf.TensorInfo): number {
  return x.shape.slice(0, -1).reduce((size, axis) => size * axis, 1);
}

/** `[..., in]` → `[..., out]`. */
function productShape(shape: readonly number[], matrix: QuantizedMatrix): number[] {
  return [...shape.slice(0, -1), matrix.outputs];
}

/**
 * `matrix` as the model calls a decoding product: on the WASM backend one kernel that reads the
 * input from and writes the output into the backend's heap (no copies through JavaScript arrays);
 * on any other backend through the tensors' data. `release` forgets the matrix.
 */
export function decodingProduct(
  matrix: QuantizedMatrix,
  maxRows: number,
): { product: DecodingProduct; release: () => void } {
  const id = nextId++;
  matrices.set(id, matrix);
  const product: DecodingProduct = {
    maxRows,
    multiply: (x) => {
      if (tf.getBackend() === 'wasm' && x.dtype === 'float32') {
        return tf.engine().runKernel<tf.Tensor>(DECODING_PRODUCT, { x }, { id });
      }
      return tf.tensor(matrix.multiply(float32Values(x), rowsOf(x)), productShape(x.shape, matrix));
    },
  };
  return { product, release: () => matrices.delete(id) };
}

/** Registers the WASM kernel (once per process). */
export function installDecodingProduct(): void {
  if ((tf.getKernel(DECODING_PRODUCT, 'wasm') as tf.KernelConfig | undefined) !== undefined) return;
  tf.registerKernel({
    kernelName: DECODING_PRODUCT,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x } = inputs as { x: tf.TensorInfo };
      const { id } = attrs as unknown as { id: number };
      const matrix = matrices.get(id);
      if (matrix === undefined) throw new Error(`${DECODING_PRODUCT}: stored matrix ${id} was released`);
      const wasm = backend as unknown as WasmHeap;
      const out = wasm.makeOutput(productShape(x.shape, matrix), 'float32');
      // Views are taken after the output's allocation: growing the heap detaches older ones.
      matrix.multiply(wasm.typedArrayFromHeap(x), rowsOf(x), wasm.typedArrayFromHeap(out));
      return out;
    },
  });
}
