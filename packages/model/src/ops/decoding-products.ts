import type * as tf from '@tensorflow/tfjs-core';

/**
 * `x · W + b` from another copy of a weight `W` and its bias `b` — e.g. stored in 8 or 16 bits by
 * `quantizeForDecoding` of `@fewshot/kernels` — for the few rows of a decoding step. The model
 * calls it instead of the TF.js product only for inference (never under a gradient tape) and for
 * at most `maxRows` rows.
 */
export interface DecodingProduct {
  /** Most rows a call takes (the product of `x`'s leading axes): a prefill of more rows uses the TF.js product. */
  readonly maxRows: number;
  /**
   * `x` `[..., in]` → `[..., out]` (the same leading axes), a new tensor (called inside a `tidy`).
   * Any rank, so that a decoding step's `[1, 1, in]` needs no Reshape on either side.
   */
  readonly multiply: (x: tf.Tensor) => tf.Tensor;
}

interface Registered {
  readonly product: DecodingProduct;
  /** The values it was made from: a weight written since (training, `writeWeights`) makes it stale. */
  readonly kernelData: object;
  readonly biasData: object | undefined;
}

// A global symbol: a process may hold two copies of this package (source and build in tests),
// and both must see the products a kernel package set.
const REGISTRY = Symbol.for('@fewshot/model.decodingProducts');
type Registry = typeof globalThis & { [REGISTRY]?: WeakMap<object, Registered> };

function registry(): WeakMap<object, Registered> {
  const global = globalThis as Registry;
  global[REGISTRY] ??= new WeakMap();
  return global[REGISTRY];
}

/**
 * Makes `product` the decoding form of the weight `kernel` (a variable's tensor, as the model
 * reads it) with `bias`, for as long as both keep their current values; `undefined` removes it.
 * The LM head tied to the token embedding is the table `[vocab, dModel]` with no bias.
 */
export function setDecodingProduct(
  kernel: tf.Tensor,
  bias: tf.Tensor | undefined,
  product: DecodingProduct | undefined,
): void {
  if (product === undefined) registry().delete(kernel);
  else registry().set(kernel, { product, kernelData: kernel.dataId, biasData: bias?.dataId });
}

/**
 * The decoding product of `kernel` with `bias` for `rows` rows; undefined when none was set, it
 * takes fewer rows, or either weight was written since it was set (the TF.js product is exact).
 */
export function decodingProductFor(
  kernel: tf.Tensor,
  bias: tf.Tensor | undefined,
  rows: number,
): DecodingProduct | undefined {
  const entry = registry().get(kernel);
  if (entry === undefined || rows > entry.product.maxRows) return undefined;
  return entry.kernelData === kernel.dataId && entry.biasData === bias?.dataId ? entry.product : undefined;
}
