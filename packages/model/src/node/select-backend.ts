import { availableParallelism } from 'node:os';
import { type BackendChoice, activateBackend } from '../backend/select-backend.js';
import { startWasmBackend } from './wasm-threads.js';

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

/**
 * What the backend is started for: `inference` (generation, dominated by decoding's single-row
 * products) or `training` (every product has batch × sequence rows). It sets the default of
 * TensorFlow's oneDNN kernels, which lose on single-row products and win on many-row ones.
 */
export type Workload = 'inference' | 'training';

/** What `selectBackend` sets `TF_ENABLE_ONEDNN_OPTS` to for `workload` when the environment does not set it. */
export function oneDnnDefault(workload: Workload): '0' | '1' {
  return workload === 'training' ? '1' : '0';
}

export interface SelectBackendOptions {
  /** Default `inference`. */
  readonly workload?: Workload;
}

/** Native packages, in order of preference. */
const NATIVE_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const;

/**
 * Activates a TF.js backend in Node.js and says which (its `threads`: for `wasm`
 * `$FEWSHOT_WASM_THREADS`, default `DEFAULT_WASM_THREADS` (two on four cores or more); for
 * `tensorflow` TensorFlow's pool, one per core unless configured otherwise). `requested` (else
 * `$FEWSHOT_BACKEND`, else `auto`) names one; `auto` takes the first available of tensorflow
 * (GPU, then CPU build), wasm, cpu. A named backend that cannot start is an error, never a silent fallback.
 * `options.workload` sets what TensorFlow's oneDNN kernels default to (see {@link Workload}).
 */
export async function selectBackend(
  requested?: BackendName | 'auto',
  env: Readonly<Record<string, string | undefined>> = process.env,
  options: SelectBackendOptions = {},
): Promise<BackendChoice> {
  const workload = options.workload ?? 'inference';
  const fromEnv = env[BACKEND_ENV_VAR];
  const source =
    requested !== undefined ? 'option' : fromEnv !== undefined && fromEnv !== '' ? BACKEND_ENV_VAR : undefined;
  const choice = requested ?? (source === undefined ? 'auto' : fromEnv);
  if (choice !== 'auto' && !BACKEND_NAMES.includes(choice as BackendName)) {
    const field = source === 'option' ? 'backend' : BACKEND_ENV_VAR;
    throw new RangeError(
      `${field} = ${JSON.stringify(choice)} is invalid: expected one of auto, ${BACKEND_NAMES.join(', ')}`,
    );
  }
  if (choice === 'auto') {
    const native = await loadNative(workload);
    if (native !== undefined) return activate('tensorflow', `auto: ${native} is installed`, env, native);
    return activate('wasm', `auto: neither ${NATIVE_PACKAGES.join(' nor ')} is installed`, env);
  }
  const reason = `requested by ${source === 'option' ? 'option' : BACKEND_ENV_VAR}`;
  if (choice === 'tensorflow') {
    const native = await loadNative(workload);
    if (native === undefined) {
      throw new Error(
        `backend "tensorflow" needs ${NATIVE_PACKAGES.join(' or ')}, ` +
          'and neither can be loaded; install one, or use wasm',
      );
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
  if (name === 'wasm') await startWasmBackend(env);
  return activateBackend(
    name,
    reason,
    name === 'tensorflow' ? { package: nativePackage, threads: availableParallelism() } : {},
  );
}

/**
 * Imports the first native package that loads (it registers the `tensorflow` backend), or undefined.
 * Unless the environment says otherwise, TensorFlow's oneDNN kernels are switched off for
 * inference (the matmul benchmark measures them up to 6.6× slower on decoding's single-row
 * products) and on for training (the training benchmark compares both on a training step), and its
 * informational start-up lines silenced; libtensorflow reads both variables once, when it loads.
 */
async function loadNative(workload: Workload): Promise<string | undefined> {
  process.env.TF_ENABLE_ONEDNN_OPTS ??= oneDnnDefault(workload);
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
