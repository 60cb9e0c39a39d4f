import {
  BatchMatMul,
  type BatchMatMulAttrs,
  type BatchMatMulInputs,
  type KernelFunc,
  type NamedAttrMap,
  Slice,
  type TensorInfo,
  Transpose,
  getKernel,
  util,
} from '@tensorflow/tfjs-core';
import { type KernelArgs, replaceKernel } from './replace-kernel.js';
import type { WasmHeap } from './wasm-heap.js';

/** Below this many rows per product one batched call is faster than separate ones (decoding steps, measured). */
const UNROLL_MIN_ROWS = 16;

/**
 * `BatchMatMul` for the WASM backend, fast on the operands training and attention produce.
 * tfjs 4.22's WASM kernel hands only one un-transposed, un-batched product to XNNPACK; anything
 * else runs a naive loop: `a · bᵀ` and `aᵀ · b` an order of magnitude slower than `a · b` (2.7 vs
 * 35 GFLOP/s measured for `[128, 768] × [768, 8192]ᵀ`), batched products 3–4× slower than the
 * same products one by one. Backpropagation through every `x · W` asks for exactly `dy · Wᵀ` and
 * `xᵀ · dy`, and attention multiplies per (batch, head). So transposed operands are transposed
 * first (one copy, linear in their size), and a batch of products with the same leading shape
 * runs as one XNNPACK product per matrix, each operand matrix copied out with the heap `Slice`
 * kernel — inside this one kernel, so the engine dispatches (and the tape records) one op, not
 * one per matrix.
 */
function batchMatMulFast(args: KernelArgs, plain: KernelFunc, transpose: KernelFunc): TensorInfo | TensorInfo[] {
  const { inputs, attrs, backend } = args;
  const { a, b } = inputs as BatchMatMulInputs;
  if (a === undefined || b === undefined) return plain(args);
  const { transposeA, transposeB } = attrs as unknown as BatchMatMulAttrs;
  const wasm = backend as unknown as WasmHeap;
  const swapLast = (x: TensorInfo): TensorInfo => {
    const perm = x.shape.map((_, axis) => axis);
    const rank = perm.length;
    perm[rank - 2] = rank - 1;
    perm[rank - 1] = rank - 2;
    return transpose({ inputs: { x }, backend, attrs: { perm } }) as TensorInfo;
  };
  const left = transposeA ? swapLast(a) : a;
  const right = transposeB ? swapLast(b) : b;
  try {
    const plainAttrs = { ...attrs, transposeA: false, transposeB: false };
    const lead = left.shape.slice(0, -2);
    const batch = util.sizeFromShape(lead);
    const [rows = 0, inner = 0] = left.shape.slice(-2);
    const columns = right.shape.at(-1) ?? 0;
    const sameLead = right.shape.length === left.shape.length && lead.every((size, axis) => right.shape[axis] === size);
    if (batch <= 1 || !sameLead || rows < UNROLL_MIN_ROWS || left.dtype !== 'float32' || right.dtype !== 'float32') {
      return plain({ inputs: { a: left, b: right }, backend, attrs: plainAttrs });
    }
    return unrolled(wasm, backend, plain, plainAttrs, { left, right, lead, batch, rows, inner, columns });
  } finally {
    if (left !== a) wasm.disposeData(left.dataId);
    if (right !== b) wasm.disposeData(right.dataId);
  }
}

interface Unroll {
  readonly left: TensorInfo;
  readonly right: TensorInfo;
  readonly lead: readonly number[];
  readonly batch: number;
  readonly rows: number;
  readonly inner: number;
  readonly columns: number;
}

/** `batch` products `[rows, inner] · [inner, columns]`, written into one `[...lead, rows, columns]` output. */
function unrolled(wasm: WasmHeap, backend: KernelArgs['backend'], plain: KernelFunc, attrs: NamedAttrMap, shape: Unroll): TensorInfo {
  const { left, right, lead, batch, rows, inner, columns } = shape;
  const slice = getKernel(Slice, 'wasm').kernelFunc;
  const matrix = (x: TensorInfo, index: number, height: number, width: number): TensorInfo =>
    slice({ inputs: { x: { dataId: x.dataId, shape: [batch, height, width], dtype: x.dtype } }, backend, attrs: { begin: [index, 0, 0], size: [1, height, width] } }) as TensorInfo;
  const out = wasm.makeOutput([...lead, rows, columns], 'float32');
  for (let index = 0; index < batch; index++) {
    const a = matrix(left, index, rows, inner);
    const b = matrix(right, index, inner, columns);
    const product = plain({ inputs: { a, b }, backend, attrs }) as TensorInfo;
    // Views are taken after every allocation: growing the heap detaches older ones.
    wasm.typedArrayFromHeap(out).set(wasm.typedArrayFromHeap(product), index * rows * columns);
    for (const piece of [a, b, product]) wasm.disposeData(piece.dataId);
  }
  return out;
}

// Replaces tfjs's own kernel once per process (the product itself is still tfjs's).
const transposeKernel = getKernel(Transpose, 'wasm') as ReturnType<typeof getKernel> | undefined;
if (transposeKernel !== undefined) {
  const transpose = transposeKernel.kernelFunc;
  replaceKernel(BatchMatMul, 'wasm', 'batchMatMulFastKernel', (plain) => (args) => batchMatMulFast(args, plain, transpose));
}
