import { type TensorInfo, engine } from '@tensorflow/tfjs-core';
import type { WasmHeap } from './wasm-heap.js';

/** Whether the engine is between the start of a recorded forward pass and the end of its backward pass. */
function computingGradients(): boolean {
  // The engine sets its tape to an array when it starts recording and to null once the backward
  // pass is done; it is undefined before the first gradient (its typing says always an array).
  const tape = engine().state.activeTape as readonly unknown[] | null | undefined;
  return tape !== null && tape !== undefined;
}

/**
 * The right-hand operand to hand XNNPACK's product: `b` itself, or, while gradients are being
 * computed, a copy for the caller to free right after the product.
 *
 * tfjs-backend-wasm keeps an XNNPACK operator — holding a packed copy of `b` — for as long as
 * `b` lives, so that products with the same weights skip the packing: what inference wants.
 * Training replaces its weights after every step, so those packings are never reused, yet every
 * weight matrix's (and the tied LM head's, from the backward pass) stayed on the heap until the
 * optimizer's update: 487 MiB for GPT-3 Small (the size of its weight matrices), whose step has to fit its weights, gradients and
 * AdamW's moments into the 4 GB WASM heap. A copy costs one pass over `b`, much less than the
 * product over many rows.
 */
export function packingOperand(wasm: WasmHeap, b: TensorInfo): TensorInfo {
  if (!computingGradients()) return b;
  const copy = wasm.makeOutput([...b.shape], b.dtype);
  // Views are taken after the allocation: growing the heap detaches older ones.
  wasm.typedArrayFromHeap(copy).set(wasm.typedArrayFromHeap(b));
  return copy;
}
