import {
  type KernelFunc,
  Slice,
  type SliceAttrs,
  type SliceInputs,
  type TensorInfo,
  slice_util,
  util,
} from '@tensorflow/tfjs-core';
import { type KernelArgs, replaceKernel } from '../replace-kernel.js';
import type { WasmHeap } from './wasm-heap.js';

/**
 * `Slice` for the WASM backend without its whole-input copy. tfjs 4.22's WASM kernel starts with
 * `readSync(x)`, which copies all of `x` out of the heap for every slice: cutting the 12 heads
 * out of a `[12, 1024, 1024]` score tensor copies 12 × 48 MB and takes ~2 s, and every
 * blockwise (sparse) attention step pays a copy of the whole sequence. This kernel reads `x`
 * through a view of the heap and copies only the selected runs.
 */
function sliceFromHeap(args: KernelArgs, fallback: KernelFunc): TensorInfo | TensorInfo[] {
  const { inputs, attrs, backend } = args;
  const { x } = inputs as SliceInputs;
  if (x === undefined || x.dtype === 'string') return fallback(args);
  const { begin, size } = attrs as unknown as SliceAttrs;
  const [start = [], extent = []] = slice_util.parseSliceParams(x, begin, size);
  const wasm = backend as unknown as WasmHeap;
  const out = wasm.makeOutput(extent, x.dtype);
  // Views are taken after makeOutput: its allocation may grow the heap and detach older views.
  const target = wasm.typedArrayFromHeap(out);
  const source = wasm.typedArrayFromHeap(x);
  const strides = [...util.computeStrides(x.shape), 1];
  const rank = extent.length;
  if (rank === 0 || slice_util.isSliceContinous(x.shape, start, extent)) {
    const offset = slice_util.computeFlatOffset(start, strides);
    target.set(source.subarray(offset, offset + target.length));
    return out;
  }
  // The trailing axes taken whole and the last partial axis form one contiguous run per index
  // of the axes before it (e.g. dropping the oldest position of a [heads, time, size] cache
  // copies one run per head); an odometer walks those leading indices.
  let partial = rank - 1;
  while (partial > 0 && extent[partial] === x.shape[partial]) partial--;
  const run = extent[partial]! * strides[partial]!;
  const index = new Array<number>(partial).fill(0);
  for (let written = 0; written < target.length; written += run) {
    let offset = start[partial]! * strides[partial]!;
    for (let axis = 0; axis < partial; axis++) offset += (start[axis]! + index[axis]!) * strides[axis]!;
    target.set(source.subarray(offset, offset + run), written);
    for (let axis = partial - 1; axis >= 0; axis--) {
      if (++index[axis]! < extent[axis]!) break;
      index[axis] = 0;
    }
  }
  return out;
}

/** Replaces tfjs's own kernel (once per process); strings, which live outside the heap, still go to it. */
export function installWasmSlice(): void {
  replaceKernel(Slice, 'wasm', 'sliceFromHeapKernel', (fallback) => (args) => sliceFromHeap(args, fallback));
}
