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
import { type KernelArgs, replaceKernel } from '../replace-kernel.js';
import type { WasmHeap } from './wasm-heap.js';
import { ensurePackingRoom, packingOperand } from './wasm-packing-operand.js';

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
  if (!transposeA) {
    const lead = a.shape.slice(0, -2);
    const batch = util.sizeFromShape(lead);
    const [rows = 0, inner = 0] = a.shape.slice(-2);
    const columns = (transposeB ? b.shape.at(-2) : b.shape.at(-1)) ?? 0;
    const sameLead = b.shape.length === a.shape.length && lead.every((size, axis) => b.shape[axis] === size);
    if (batch > 1 && sameLead && rows < UNROLL_MIN_ROWS && a.dtype === 'float32' && b.dtype === 'float32') {
      return fewRows(wasm, a, b, transposeB, { lead, batch, rows, inner, columns });
    }
  }
  const swapLast = (x: TensorInfo): TensorInfo => {
    const perm = x.shape.map((_, axis) => axis);
    const rank = perm.length;
    perm[rank - 2] = rank - 1;
    perm[rank - 1] = rank - 2;
    return transpose({ inputs: { x }, backend, attrs: { perm } }) as TensorInfo;
  };
  let left = a;
  let right = b;
  try {
    if (transposeA) left = swapLast(a);
    if (transposeB) right = swapLast(b);
    const plainAttrs = { ...attrs, transposeA: false, transposeB: false };
    const lead = left.shape.slice(0, -2);
    const batch = util.sizeFromShape(lead);
    const [rows = 0, inner = 0] = left.shape.slice(-2);
    const columns = right.shape.at(-1) ?? 0;
    const sameLead = right.shape.length === left.shape.length && lead.every((size, axis) => right.shape[axis] === size);
    if (batch <= 1 || !sameLead || rows < UNROLL_MIN_ROWS || left.dtype !== 'float32' || right.dtype !== 'float32') {
      // XNNPACK multiplies (and packs the right operand of) un-batched products only.
      if (batch <= 1 && right !== b) ensurePackingRoom(wasm, right);
      const operand = right === b && batch <= 1 ? packingOperand(wasm, b) : right;
      try {
        return plain({ inputs: { a: left, b: operand }, backend, attrs: plainAttrs });
      } finally {
        if (operand !== right) wasm.disposeData(operand.dataId);
      }
    }
    return unrolled(wasm, backend, plain, plainAttrs, { left, right, lead, batch, rows, inner, columns });
  } finally {
    if (left !== a) wasm.disposeData(left.dataId);
    if (right !== b) wasm.disposeData(right.dataId);
  }
}

/**
 * A batch of products with few rows each — a decoding step's attention, one query per head
 * against its cached keys (`q · kᵀ`) and values (`p · v`) — as plain loops over the heap, `b`
 * read in place whether transposed or not. tfjs's kernel ran these as a naive batched loop after
 * this kernel had copied `kᵀ` out: 0.7 ms per layer for 12 heads × 128 keys, more than the work.
 * Sums accumulate in double precision.
 */
function fewRows(
  wasm: WasmHeap,
  a: TensorInfo,
  b: TensorInfo,
  transposeB: boolean,
  shape: {
    readonly lead: readonly number[];
    readonly batch: number;
    readonly rows: number;
    readonly inner: number;
    readonly columns: number;
  },
): TensorInfo {
  const { lead, batch, rows, inner, columns } = shape;
  const out = wasm.makeOutput([...lead, rows, columns], 'float32');
  if (batch * rows * columns === 0) return out;
  // Views are taken after the output's allocation: growing the heap detaches older ones.
  const x = wasm.typedArrayFromHeap(a) as Float32Array;
  const y = wasm.typedArrayFromHeap(b) as Float32Array;
  const z = wasm.typedArrayFromHeap(out) as Float32Array;
  const sums = new Float64Array(columns);
  for (let p = 0; p < batch; p++) {
    const bBase = p * inner * columns;
    for (let i = 0; i < rows; i++) {
      const aBase = (p * rows + i) * inner;
      const outBase = (p * rows + i) * columns;
      if (transposeB) {
        // b is [columns, inner]: one contiguous dot product per output.
        for (let j = 0; j < columns; j++) {
          const row = bBase + j * inner;
          let sum = 0;
          for (let t = 0; t < inner; t++) sum += (x[aBase + t] ?? 0) * (y[row + t] ?? 0);
          z[outBase + j] = sum;
        }
      } else {
        // b is [inner, columns]: rows of b scaled and accumulated.
        sums.fill(0);
        for (let t = 0; t < inner; t++) {
          const scale = x[aBase + t] ?? 0;
          const row = bBase + t * columns;
          for (let j = 0; j < columns; j++) sums[j] = (sums[j] ?? 0) + scale * (y[row + j] ?? 0);
        }
        for (let j = 0; j < columns; j++) z[outBase + j] = sums[j] ?? 0;
      }
    }
  }
  return out;
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
function unrolled(
  wasm: WasmHeap,
  backend: KernelArgs['backend'],
  plain: KernelFunc,
  attrs: NamedAttrMap,
  shape: Unroll,
): TensorInfo {
  const { left, right, lead, batch, rows, inner, columns } = shape;
  const slice = getKernel(Slice, 'wasm').kernelFunc;
  const matrix = (x: TensorInfo, index: number, height: number, width: number): TensorInfo =>
    slice({
      inputs: { x: { dataId: x.dataId, shape: [batch, height, width], dtype: x.dtype } },
      backend,
      attrs: { begin: [index, 0, 0], size: [1, height, width] },
    }) as TensorInfo;
  const out = wasm.makeOutput([...lead, rows, columns], 'float32');
  const pieces: TensorInfo[] = [];
  try {
    for (let index = 0; index < batch; index++) {
      const a = matrix(left, index, rows, inner);
      pieces.push(a);
      const b = matrix(right, index, inner, columns);
      pieces.push(b);
      ensurePackingRoom(wasm, b);
      const product = plain({ inputs: { a, b }, backend, attrs }) as TensorInfo;
      pieces.push(product);
      // Views are taken after every allocation: growing the heap detaches older ones.
      wasm.typedArrayFromHeap(out).set(wasm.typedArrayFromHeap(product), index * rows * columns);
      for (const piece of pieces.splice(0)) wasm.disposeData(piece.dataId);
    }
  } catch (error) {
    // Out of memory part way: nothing this kernel allocated outlives it.
    for (const piece of [...pieces, out]) wasm.disposeData(piece.dataId);
    throw error;
  }
  return out;
}

/** Replaces tfjs's own kernel (once per process; the product itself is still tfjs's). */
export function installWasmBatchMatMul(): void {
  const transposeKernel = getKernel(Transpose, 'wasm') as ReturnType<typeof getKernel> | undefined;
  if (transposeKernel === undefined) return;
  const transpose = transposeKernel.kernelFunc;
  replaceKernel(
    BatchMatMul,
    'wasm',
    'batchMatMulFastKernel',
    (plain) => (args) => batchMatMulFast(args, plain, transpose),
  );
}
