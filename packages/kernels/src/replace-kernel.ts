import { type KernelConfig, type KernelFunc, getKernel, registerKernel, unregisterKernel } from '@tensorflow/tfjs-core';

/** What tfjs passes a kernel: inputs, attrs and the backend. */
export type KernelArgs = Parameters<KernelFunc>[0];

/**
 * Swaps tfjs's own `kernelName` kernel on `backendName` for `replace(original)`, keeping the rest
 * of its registration (gradients are looked up by kernel name, not here). The replacement is
 * named `marker`, and a kernel already named so is left alone: this module and the kernel
 * registry can outlive each other (source and built copies of the package, test files sharing
 * one tfjs-core), and wrapping our own wrapper would run it twice. A backend that is not loaded
 * has no kernel to replace, so nothing happens.
 */
export function replaceKernel(
  kernelName: string,
  backendName: string,
  marker: string,
  replace: (original: KernelFunc) => KernelFunc,
): void {
  const original = getKernel(kernelName, backendName) as ReturnType<typeof getKernel> | undefined;
  if (original === undefined || original.kernelFunc.name === marker) return;
  const kernelFunc = replace(original.kernelFunc);
  Object.defineProperty(kernelFunc, 'name', { value: marker });
  unregisterKernel(kernelName, backendName);
  registerKernel({ ...original, kernelFunc });
}

/** Registers a kernel of our own unless a kernel of that name is already registered for the backend. */
export function registerKernelOnce(config: KernelConfig): void {
  const existing = getKernel(config.kernelName, config.backendName) as ReturnType<typeof getKernel> | undefined;
  if (existing === undefined) registerKernel(config);
}
