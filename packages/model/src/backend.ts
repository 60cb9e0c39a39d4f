import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import './backends/cpu-unsorted-segment-sum.js';
import './backends/wasm-batch-matmul.js';
import './backends/wasm-fused-matmul.js';
import './backends/wasm-identity.js';
import './backends/wasm-slice.js';
import './backends/wasm-split.js';
import './backends/wasm-sum.js';
import './backends/wasm-transpose.js';
import './backends/wasm-unsorted-segment-sum.js';
import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { guardWasmMemory } from './backends/wasm-memory.js';
import { startWasmBackend } from './backends/wasm-threads.js';

// Every WASM backend, however it is started, reports running out of memory as a WasmMemoryError.
guardWasmMemory();

/**
 * Where tensors are computed. `tensorflow` is native libtensorflow through
 * `@tensorflow/tfjs-node-gpu` (CUDA) or `@tensorflow/tfjs-node`, optional peers whose install
 * downloads libtensorflow; `wasm` is XNNPACK compiled to WebAssembly (on `$FEWSHOT_WASM_THREADS` threads);
 * `cpu` is plain JavaScript, the slowest.
 */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
export const BACKEND_NAMES: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

/** The environment variable read when no backend is passed. */
export const BACKEND_ENV_VAR = 'FEWSHOT_BACKEND';

/** Native packages, in order of preference. */
const NATIVE_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const;

export interface BackendChoice {
  readonly name: BackendName;
  /** The TF.js backend now active: `tensorflow`, `wasm` or `cpu`. */
  readonly tfjsBackend: string;
  /** For `tensorflow`, the package that provides it. */
  readonly package?: string;
  /** Why this backend: requested by option or environment, or the best one available. */
  readonly reason: string;
  /**
   * How many threads its matrix products run on: for `wasm` `$FEWSHOT_WASM_THREADS` (default 1),
   * for `cpu` 1, for `tensorflow` TensorFlow's own pool, one per core unless configured otherwise.
   */
  readonly threads: number;
}

/**
 * Activates a TF.js backend and says which. `requested` (else `$FEWSHOT_BACKEND`, else `auto`)
 * names one; `auto` takes the first available of tensorflow (GPU, then CPU build), wasm, cpu.
 * A named backend that cannot start is an error, never a silent fallback.
 */
export async function selectBackend(requested?: BackendName | 'auto', env: Readonly<Record<string, string | undefined>> = process.env): Promise<BackendChoice> {
  const fromEnv = env[BACKEND_ENV_VAR];
  const source = requested !== undefined ? 'option' : fromEnv !== undefined && fromEnv !== '' ? BACKEND_ENV_VAR : undefined;
  const choice = requested ?? (source === undefined ? 'auto' : fromEnv);
  if (choice !== 'auto' && !BACKEND_NAMES.includes(choice as BackendName)) {
    const field = source === 'option' ? 'backend' : BACKEND_ENV_VAR;
    throw new RangeError(`${field} = ${JSON.stringify(choice)} is invalid: expected one of auto, ${BACKEND_NAMES.join(', ')}`);
  }
  if (choice === 'auto') {
    const native = await loadNative();
    if (native !== undefined) return activate('tensorflow', `auto: ${native} is installed`, env, native);
    return activate('wasm', `auto: neither ${NATIVE_PACKAGES.join(' nor ')} is installed`, env);
  }
  const reason = `requested by ${source === 'option' ? 'option' : BACKEND_ENV_VAR}`;
  if (choice === 'tensorflow') {
    const native = await loadNative();
    if (native === undefined) {
      throw new Error(`backend "tensorflow" needs ${NATIVE_PACKAGES.join(' or ')}, and neither can be loaded; install one, or use wasm`);
    }
    return activate('tensorflow', reason, env, native);
  }
  return activate(choice as BackendName, reason, env);
}

async function activate(
  name: BackendName,
  reason: string,
  env: Readonly<Record<string, string | undefined>>,
  nativePackage?: string,
): Promise<BackendChoice> {
  const threads = name === 'wasm' ? await startWasmBackend(env) : undefined;
  if (threads === undefined && !(await tf.setBackend(name))) throw new Error(`backend "${name}" failed to initialise`);
  await tf.ready();
  return {
    name,
    tfjsBackend: tf.getBackend(),
    reason,
    ...(nativePackage === undefined ? {} : { package: nativePackage }),
    threads: threads ?? (name === 'tensorflow' ? availableParallelism() : 1),
  };
}

/**
 * Imports the first native package that loads (it registers the `tensorflow` backend), or undefined.
 * Unless the environment says otherwise, TensorFlow's oneDNN kernels are switched off (the matmul
 * benchmark measures them up to 6.6× slower on decoding's single-row products) and its informational
 * start-up lines silenced; libtensorflow reads both variables once, when it loads.
 */
async function loadNative(): Promise<string | undefined> {
  process.env.TF_ENABLE_ONEDNN_OPTS ??= '0';
  process.env.TF_CPP_MIN_LOG_LEVEL ??= '1';
  for (const specifier of NATIVE_PACKAGES) {
    try {
      await import(/* @vite-ignore */ specifier);
      return specifier;
    } catch {
      // Not installed, or its libtensorflow binary is missing: try the next one.
    }
  }
  return undefined;
}
