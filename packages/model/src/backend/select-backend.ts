import * as tf from '@tensorflow/tfjs-core';
import { runningThreads } from './running-threads.js';

/**
 * Backends that run wherever TF.js does, a web page included: `webgpu` and `webgl` (GPU, each
 * once its package, `@tensorflow/tfjs-backend-webgpu` or `-webgl`, is imported), `wasm` (XNNPACK
 * compiled to WebAssembly) and `cpu` (plain JavaScript, the slowest).
 */
export type BrowserBackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export const BROWSER_BACKEND_NAMES: readonly BrowserBackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export interface BackendChoice {
  /** `tensorflow` is native libtensorflow, which `@fewshot/model/node`'s `selectBackend` can start. */
  readonly name: BrowserBackendName | 'tensorflow';
  /** The TF.js backend now active. */
  readonly tfjsBackend: string;
  /** For `tensorflow`, the package that provides it. */
  readonly package?: string;
  /** Why this backend: requested by option or environment, or the best one available. */
  readonly reason: string;
  /**
   * How many threads its matrix products run on: for `wasm` its XNNPACK pool, for `tensorflow`
   * TensorFlow's own pool; 1 otherwise (a GPU backend's parallelism is the GPU's).
   */
  readonly threads: number;
}

/**
 * Activates a TF.js backend that needs no Node.js and says which. `auto` takes the first of
 * webgpu and webgl whose package is imported and that starts, else wasm. A named backend that
 * cannot start is an error, never a silent fallback.
 */
export async function selectBrowserBackend(requested: BrowserBackendName | 'auto' = 'auto'): Promise<BackendChoice> {
  if (requested !== 'auto' && !BROWSER_BACKEND_NAMES.includes(requested)) {
    throw new RangeError(
      `backend = ${JSON.stringify(requested)} is invalid: expected one of auto, ${BROWSER_BACKEND_NAMES.join(', ')}`,
    );
  }
  if (requested !== 'auto') return activateBackend(requested, 'requested by option');
  for (const gpu of ['webgpu', 'webgl'] as const) {
    if (isRegistered(gpu) && (await tf.setBackend(gpu)))
      return activateBackend(gpu, `auto: ${gpu} is registered and started`);
  }
  return activateBackend('wasm', 'auto: no GPU backend (webgpu, webgl) is registered or starts');
}

/**
 * Makes `name` the active TF.js backend (importing `@tensorflow/tfjs-backend-wasm` or `-cpu`
 * for those) and describes it. `threads` overrides the count reported (native TensorFlow's pool).
 */
export async function activateBackend(
  name: BackendChoice['name'],
  reason: string,
  details: { readonly package?: string; readonly threads?: number } = {},
): Promise<BackendChoice> {
  if (name === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  if (name === 'cpu') await import('@tensorflow/tfjs-backend-cpu');
  if (!isRegistered(name)) {
    throw new Error(`backend "${name}" is not registered: import @tensorflow/tfjs-backend-${name} before selecting it`);
  }
  if (!(await tf.setBackend(name))) throw new Error(`backend "${name}" failed to initialise`);
  await tf.ready();
  return {
    name,
    tfjsBackend: tf.getBackend(),
    reason,
    ...(details.package === undefined ? {} : { package: details.package }),
    threads: details.threads ?? (name === 'wasm' ? (runningThreads('wasm') ?? 1) : 1),
  };
}

function isRegistered(name: string): boolean {
  return (tf.engine().registryFactory as Record<string, unknown>)[name] !== undefined;
}
