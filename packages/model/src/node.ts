/**
 * `@fewshot/model/node`: what needs Node.js — checkpoint directories on the file system and
 * backend selection with native TensorFlow and threaded WASM — kept out of the main entry so
 * that it bundles for the browser.
 */
export type { BackendChoice } from './backend/select-backend.js';
export {
  BACKEND_ENV_VAR,
  BACKEND_NAMES,
  type BackendName,
  type SelectBackendOptions,
  type Workload,
  oneDnnDefault,
  selectBackend,
} from './node/select-backend.js';
export {
  DEFAULT_WASM_THREADS,
  MAX_WASM_THREADS,
  WASM_THREADS_ENV_VAR,
  startThreadedWasm,
  wasmThreadsSetting,
} from './node/wasm-threads.js';
export {
  type LoadedCheckpoint,
  loadHuggingFaceModel,
  readHuggingFaceConfig,
  saveHuggingFaceModel,
} from './node/huggingface-directory.js';
export { loadLayersModelDirectory, saveLayersModel } from './node/layers-model-directory.js';
