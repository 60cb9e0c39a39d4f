import {
  Identity,
  type IdentityInputs,
  type KernelBackend,
  type KernelFunc,
  type NamedAttrMap,
  type TensorInfo,
  getKernel,
  registerKernel,
  unregisterKernel,
} from '@tensorflow/tfjs-core';

/**
 * `Identity` for the WASM backend that shares its input's buffer, as the CPU backend's does and
 * as WASM's own `Reshape` does, instead of copying it. TF.js clones (with `Identity`) every
 * tensor a gradient needs while the tape records, so tfjs 4.22's copying kernel doubled the
 * memory of a training step's activations and spent time copying them; sharing is safe because
 * tensor buffers are never written in place (assigning a variable gives it a new buffer).
 */
function identityShared({ inputs, backend }: Parameters<KernelFunc>[0], fallback: KernelFunc, args: Parameters<KernelFunc>[0]): TensorInfo | TensorInfo[] {
  const { x } = inputs as IdentityInputs;
  if (x === undefined || x.dtype === 'string') return fallback(args);
  (backend as unknown as Pick<KernelBackend, 'incRef'>).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

// Replaces tfjs's own kernel once per process; strings (which live outside the heap) still go to it.
const original = getKernel(Identity, 'wasm') as ReturnType<typeof getKernel> | undefined;
if (original !== undefined && original.kernelFunc.name !== 'identitySharedKernel') {
  const fallback = original.kernelFunc;
  const identitySharedKernel = (args: { inputs: IdentityInputs; backend: unknown; attrs?: NamedAttrMap }): TensorInfo | TensorInfo[] =>
    identityShared(args as Parameters<KernelFunc>[0], fallback, args as Parameters<KernelFunc>[0]);
  unregisterKernel(Identity, 'wasm');
  registerKernel({ ...original, kernelFunc: identitySharedKernel as KernelFunc });
}
