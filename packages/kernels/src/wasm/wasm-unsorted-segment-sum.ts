import {
  type TensorInfo,
  UnsortedSegmentSum,
  type UnsortedSegmentSumAttrs,
  type UnsortedSegmentSumInputs,
} from '@tensorflow/tfjs-core';
import { addRowsBySegment } from '../cpu/segment-sum.js';
import { type KernelArgs, registerKernelOnce } from '../replace-kernel.js';
import type { WasmHeap } from './wasm-heap.js';

/**
 * `UnsortedSegmentSum` for the WASM backend, which tfjs 4.22 lacks (tensorflow/tfjs#8082): it is
 * the gradient of `gather`, so without it no embedding can be trained on WASM. `out[s] = Σ x[i]`
 * over the rows `i` with `segmentIds[i] = s`; ids outside `[0, numSegments)` are dropped, as
 * TensorFlow does. It runs in plain JavaScript over the backend's heap; an embedding gradient is
 * one pass over `[tokens, dModel]`, small next to the matMuls around it.
 */
function unsortedSegmentSum({ inputs, attrs, backend }: KernelArgs): TensorInfo {
  const { x, segmentIds } = inputs as UnsortedSegmentSumInputs;
  const { numSegments } = attrs as unknown as UnsortedSegmentSumAttrs;
  if (x === undefined || segmentIds === undefined)
    throw new Error('UnsortedSegmentSum: inputs x and segmentIds are required');
  const wasm = backend as unknown as WasmHeap;
  const rowShape = x.shape.slice(1);
  const rowSize = rowShape.reduce((size, dim) => size * dim, 1);
  const out = wasm.makeOutput([numSegments, ...rowShape], x.dtype);
  // Views are taken after makeOutput: its allocation may grow the heap and detach older views.
  addRowsBySegment(
    wasm.typedArrayFromHeap(x),
    wasm.typedArrayFromHeap(segmentIds),
    rowSize,
    numSegments,
    wasm.typedArrayFromHeap(out) as Float32Array | Int32Array,
  );
  return out;
}

/** Registers the kernel once per process, and never over one a later tfjs-backend-wasm provides itself. */
export function installWasmUnsortedSegmentSum(): void {
  registerKernelOnce({ kernelName: UnsortedSegmentSum, backendName: 'wasm', kernelFunc: unsortedSegmentSum });
}
