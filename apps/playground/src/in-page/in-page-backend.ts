import { type BackendChoice, selectBrowserBackend } from '@fewshot/model';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

/** The TF.js backends the page offers to run the model on. */
export const IN_PAGE_BACKENDS = ['wasm', 'webgl', 'webgpu'] as const;
export type InPageBackendName = (typeof IN_PAGE_BACKENDS)[number];

/**
 * Starts `name` in this page through `selectBrowserBackend` of `@fewshot/model`: WASM (XNNPACK,
 * with SIMD where the browser has it; on the page's thread, as the page is not cross-origin
 * isolated) reading its binaries from `wasmDirectory`, or WebGL or WebGPU, whose code is loaded
 * only when chosen (a chunk of the bundle of its own). A backend the browser cannot start is an
 * error naming it, never a fallback.
 */
export async function startInPageBackend(name: InPageBackendName, wasmDirectory: string): Promise<BackendChoice> {
  if (!(IN_PAGE_BACKENDS as readonly string[]).includes(name)) {
    throw new RangeError(
      `backend = ${JSON.stringify(name)} is invalid: expected one of ${IN_PAGE_BACKENDS.join(', ')}`,
    );
  }
  if (name === 'wasm') setWasmPaths(wasmDirectory);
  else if (name === 'webgl') await import('@tensorflow/tfjs-backend-webgl');
  else await import('@tensorflow/tfjs-backend-webgpu');
  return selectBrowserBackend(name);
}
