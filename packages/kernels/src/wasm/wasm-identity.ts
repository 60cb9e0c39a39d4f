import {
  Identity,
  type IdentityInputs,
  type KernelBackend,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { type KernelArgs, replaceKernel } from '../replace-kernel.js';

/**
 * `Identity` for the WASM backend that shares its input's buffer, as the CPU backend's does and
 * as WASM's own `Reshape` does, instead of copying it. TF.js clones (with `Identity`) every
 * tensor a gradient needs while the tape records, so tfjs 4.22's copying kernel doubled the
 * memory of a training step's activations and spent time copying them; sharing is safe because
 * tensor buffers are never written in place (assigning a variable gives it a new buffer).
 */
function identityShared(
  { inputs, backend }: KernelArgs,
  fallback: KernelFunc,
  args: KernelArgs,
): TensorInfo | TensorInfo[] {
  const { x } = inputs as IdentityInputs;
  if (x === undefined || x.dtype === 'string') return fallback(args);
  (backend as unknown as Pick<KernelBackend, 'incRef'>).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

/** Replaces tfjs's own kernel (once per process); strings, which live outside the heap, still go to it. */
export function installWasmIdentity(): void {
  replaceKernel(Identity, 'wasm', 'identitySharedKernel', (fallback) => (args) => identityShared(args, fallback, args));
}
