export { installKernels } from './install-kernels.js';
export { WASM_FUSED_OPS } from './fused-ops.js';
export { type KernelArgs, registerKernelOnce, replaceKernel } from './replace-kernel.js';
export { type WasmMemoryFigures, WASM_MEMORY_ADVICE, WasmMemoryError } from './wasm/wasm-memory-error.js';
export {
  type WasmMemoryUsage,
  WASM_HEAP_LIMIT_BYTES,
  WASM_MAX_BLOCK_BYTES,
  largestFreeWasmBlock,
  resetWasmMemoryPeak,
  wasmMemoryUsage,
} from './wasm/wasm-memory.js';
export {
  DECODING_THREADS,
  type DecodingThreads,
  DecodingWeightStore,
  type DecodingWeightStoreOptions,
  QuantizedMatrix,
} from './weight-quantization/decoding-weight-store.js';
export { DECODING_DTYPES, type DecodingDtype, type WeightMatrix } from './weight-quantization/weight-layout.js';
export {
  type ReadBandwidth,
  type ReadBandwidthOptions,
  measureReadBandwidth,
} from './weight-quantization/read-bandwidth.js';
export {
  DEFAULT_MAX_ROWS,
  type DecodingWeights,
  type QuantizeForDecodingOptions,
  defaultDecodingThreads,
  quantizeForDecoding,
} from './weight-quantization/quantize-for-decoding.js';
export {
  DECODING_TOLERANCES,
  type LogProbabilityShift,
  decodedLogProbabilities,
  logProbabilityShift,
  shiftBetween,
} from './weight-quantization/log-probability-shift.js';
