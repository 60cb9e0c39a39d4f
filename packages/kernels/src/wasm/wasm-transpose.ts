import {
  type KernelBackend,
  type KernelFunc,
  type TensorInfo,
  Transpose,
  type TransposeAttrs,
  type TransposeInputs,
} from '@tensorflow/tfjs-core';
import { type KernelArgs, replaceKernel } from '../replace-kernel.js';

/**
 * `Transpose` for the WASM backend that shares its input's buffer when the permutation moves no
 * data (only axes of size 1 change places), as `Identity` does here (wasm-identity.ts): tfjs
 * 4.22's kernel copies then. The gradient of every `gather` transposes its result by the
 * identity — for the token embedding one copy of the whole `[vocab, dModel]` table per backward
 * pass (147 MiB for GPT-3 Small).
 */
function transposeShared(args: KernelArgs, fallback: KernelFunc): TensorInfo | TensorInfo[] {
  const { x } = args.inputs as TransposeInputs;
  const { perm } = args.attrs as unknown as TransposeAttrs;
  if (x === undefined || x.dtype === 'string') return fallback(args);
  const moved = perm.filter((axis) => (x.shape[axis] ?? 1) > 1);
  if (moved.some((axis, i) => i > 0 && axis < (moved[i - 1] ?? 0))) return fallback(args);
  (args.backend as unknown as Pick<KernelBackend, 'incRef'>).incRef(x.dataId);
  return { dataId: x.dataId, shape: perm.map((axis) => x.shape[axis] ?? 1), dtype: x.dtype };
}

/** Replaces tfjs's own kernel (once per process); strings, which live outside the heap, still go to it. */
export function installWasmTranspose(): void {
  replaceKernel(Transpose, 'wasm', 'transposeSharedKernel', (fallback) => (args) => transposeShared(args, fallback));
}
