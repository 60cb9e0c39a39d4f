import { type TensorInfo, engine } from '@tensorflow/tfjs-core';
import type { WasmHeap } from './wasm-heap.js';
import { ensureWasmBlock } from './wasm-memory.js';

/** Weights (their data ids) XNNPACK has packed: their products reuse the packing. */
const packed = new WeakSet<object>();

/** Whether the engine is between the start of a recorded forward pass and the end of its backward pass. */
function computingGradients(): boolean {
  // The engine sets its tape to an array when it starts recording and to null once the backward
  // pass is done; it is undefined before the first gradient (its typing says always an array).
  const tape = engine().state.activeTape as readonly unknown[] | null | undefined;
  return tape !== null && tape !== undefined;
}

/**
 * Makes sure XNNPACK can pack `b` (`[…, inner, columns]`) for a product now. It allocates that
 * copy itself, unchecked, and a failed allocation becomes a "memory access out of bounds"
 * fault; this throws `WasmMemoryError` instead. The copy holds every column, rounded up to
 * XNNPACK's column tile (at most 16), with its bias.
 */
export function ensurePackingRoom(wasm: WasmHeap, b: TensorInfo): void {
  const [inner = 0, columns = 0] = b.shape.slice(-2);
  ensureWasmBlock(wasm.wasm, 4 * (inner + 1) * Math.ceil(columns / 16) * 16 + 64);
}

/**
 * The right-hand operand to hand XNNPACK's product: `b` itself, or, while gradients are being
 * computed, a copy for the caller to free right after the product. Either way XNNPACK has room
 * to pack it (see {@link ensurePackingRoom}), checked once per weight when the packing is kept.
 *
 * tfjs-backend-wasm keeps an XNNPACK operator — holding a packed copy of `b` — for as long as
 * `b` lives, so that products with the same weights skip the packing: what inference wants.
 * Training replaces its weights after every step, so those packings are never reused, yet every
 * weight matrix's (and the tied LM head's, from the backward pass) stayed on the heap until the
 * optimizer's update: 487 MiB for GPT-3 Small (the size of its weight matrices), whose step has
 * to fit its weights, gradients and AdamW's moments into the 4 GB WASM heap. A copy costs one
 * pass over `b`, much less than the product over many rows.
 */
export function packingOperand(wasm: WasmHeap, b: TensorInfo): TensorInfo {
  if (!computingGradients()) {
    if (!packed.has(b.dataId)) {
      ensurePackingRoom(wasm, b);
      packed.add(b.dataId);
    }
    return b;
  }
  const copy = wasm.makeOutput([...b.shape], b.dtype);
  try {
    ensurePackingRoom(wasm, copy);
  } catch (error) {
    wasm.disposeData(copy.dataId);
    throw error;
  }
  // Views are taken after the allocation: growing the heap detaches older ones.
  wasm.typedArrayFromHeap(copy).set(wasm.typedArrayFromHeap(b));
  return copy;
}
