import {
  Identity,
  type IdentityInputs,
  Transpose,
  type TransposeAttrs,
  type TransposeInputs,
  type KernelBackend,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { type KernelArgs, replaceKernel } from './replace-kernel.js';

/**
 * `Identity` for the WASM backend that shares its input's buffer, as the CPU backend's does and
 * as WASM's own `Reshape` does, instead of copying it. TF.js clones (with `Identity`) every
 * tensor a gradient needs while the tape records, so tfjs 4.22's copying kernel doubled the
 * memory of a training step's activations and spent time copying them; sharing is safe because
 * tensor buffers are never written in place (assigning a variable gives it a new buffer).
 */
function identityShared({ inputs, backend }: KernelArgs, fallback: KernelFunc, args: KernelArgs): TensorInfo | TensorInfo[] {
  const { x } = inputs as IdentityInputs;
  if (x === undefined || x.dtype === 'string') return fallback(args);
  (backend as unknown as Pick<KernelBackend, 'incRef'>).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

/**
 * `Transpose` for the WASM backend that shares its input's buffer when the permutation moves no
 * data (only axes of size 1 change places): tfjs 4.22's kernel copies then. The gradient of
 * every `gather` transposes its result by the identity — for the token embedding one copy of the
 * whole `[vocab, dModel]` table per backward pass (147 MiB for GPT-3 Small).
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

// Replace tfjs's own kernels once per process; strings (which live outside the heap) still go to them.
replaceKernel(Identity, 'wasm', 'identitySharedKernel', (fallback) => (args) => identityShared(args, fallback, args));
replaceKernel(Transpose, 'wasm', 'transposeSharedKernel', (fallback) => (args) => transposeShared(args, fallback));
