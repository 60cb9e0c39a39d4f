import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { type KernelArgs, replaceKernel } from './replace-kernel.js';

/** A kernel that says who ran it, registered under a name no real kernel has. */
function registerProbe(kernelName: string): void {
  tf.registerKernel({
    kernelName,
    backendName: 'probe',
    kernelFunc: () => ({ dataId: {}, shape: [], dtype: 'float32' }),
  });
}

const args = { inputs: {}, backend: {}, attrs: {} } as unknown as KernelArgs;

describe('replaceKernel', () => {
  it('wraps the registered kernel once, however often it is called, and names the wrapper', () => {
    registerProbe('ReplaceKernelProbe');
    let wrapped = 0;
    for (let i = 0; i < 3; i++) {
      replaceKernel('ReplaceKernelProbe', 'probe', 'probeWrapper', (original) => (kernelArgs) => {
        wrapped++;
        return original(kernelArgs);
      });
    }
    const kernel = tf.getKernel('ReplaceKernelProbe', 'probe');
    expect(kernel.kernelFunc.name).toBe('probeWrapper');
    expect(kernel.backendName).toBe('probe');
    kernel.kernelFunc(args);
    expect(wrapped).toBe(1);
  });

  it('does nothing where the backend has no such kernel', () => {
    replaceKernel('ReplaceKernelMissing', 'probe', 'missingWrapper', () => () => {
      throw new Error('not called');
    });
    expect(
      tf.getKernel('ReplaceKernelMissing', 'probe') as ReturnType<typeof tf.getKernel> | undefined,
    ).toBeUndefined();
  });
});
