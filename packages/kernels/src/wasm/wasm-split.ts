import {
  Slice,
  SplitV,
  type SplitVAttrs,
  type SplitVInputs,
  type TensorInfo,
  Unpack,
  type UnpackAttrs,
  type UnpackInputs,
  backend_util,
  getKernel,
  util,
} from '@tensorflow/tfjs-core';
import { type KernelArgs, replaceKernel } from '../replace-kernel.js';

/**
 * `Unpack` (`tf.unstack`) and `SplitV` (`tf.split`) for the WASM backend through the registered
 * `Slice` kernel. tfjs 4.22's versions call its own Slice function directly, which copies the
 * whole input out of the heap once per piece (see `wasm-slice.ts`), and they are the gradients
 * of `tf.stack` and `tf.concat`: the attention's per-head products are stacked, so every
 * training step paid one whole-tensor copy per head. With this package's `Slice` each piece
 * copies only itself.
 */
function slicePiece(args: KernelArgs, x: TensorInfo, begin: number[], size: number[]): TensorInfo {
  // Looked up per call: the registered kernel is this package's heap Slice once wasm-slice.ts has run.
  const slice = (getKernel(Slice, 'wasm') as ReturnType<typeof getKernel> | undefined)?.kernelFunc;
  if (slice === undefined) throw new Error('the wasm backend has no Slice kernel');
  return slice({ inputs: { x }, backend: args.backend, attrs: { begin, size } }) as TensorInfo;
}

function unpack(args: KernelArgs): TensorInfo[] {
  const { value } = args.inputs as UnpackInputs;
  if (value === undefined) throw new Error('Unpack: input value is required');
  const rank = value.shape.length;
  const { axis: requested } = args.attrs as unknown as UnpackAttrs;
  const axis = requested < 0 ? requested + rank : requested;
  const outShape = value.shape.filter((_, i) => i !== axis);
  const size = [...value.shape];
  size[axis] = 1;
  return Array.from({ length: value.shape[axis] ?? 0 }, (_, i) => {
    const begin = value.shape.map((_, dim) => (dim === axis ? i : 0));
    // The slice is a fresh buffer; dropping the unit axis is only a new shape for it.
    const { dataId, dtype } = slicePiece(args, value, begin, size);
    return { dataId, dtype, shape: outShape };
  });
}

function splitV(args: KernelArgs): TensorInfo[] {
  const { x } = args.inputs as SplitVInputs;
  if (x === undefined) throw new Error('SplitV: input x is required');
  const { numOrSizeSplits, axis } = args.attrs as unknown as SplitVAttrs;
  const [splitAxis = 0] = util.parseAxisParam(axis, x.shape);
  const sizes = backend_util.prepareSplitSize(x, numOrSizeSplits, splitAxis);
  let offset = 0;
  return sizes.map((pieceSize) => {
    const begin = x.shape.map((_, dim) => (dim === splitAxis ? offset : 0));
    const size = x.shape.map((extent, dim) => (dim === splitAxis ? pieceSize : extent));
    offset += pieceSize;
    return slicePiece(args, x, begin, size);
  });
}

/** Replaces tfjs's own kernels (once per process); strings, which live outside the heap, still go to them. */
export function installWasmSplit(): void {
  for (const [name, replacement] of [
    [Unpack, unpack],
    [SplitV, splitV],
  ] as const) {
    replaceKernel(name, 'wasm', 'slicedPiecesKernel', (fallback) => (args) => {
      const [input] = Object.values<TensorInfo | undefined>(args.inputs);
      return input?.dtype === 'string' ? fallback(args) : replacement(args);
    });
  }
}
