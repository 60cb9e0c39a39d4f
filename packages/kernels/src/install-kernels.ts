import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { installFusedOps } from '@fewshot/model';
import { installCpuUnsortedSegmentSum } from './cpu/cpu-unsorted-segment-sum.js';
import { WASM_FUSED_OPS } from './fused-ops.js';
import { installWasmAdamW } from './wasm/wasm-adamw.js';
import { installWasmBatchMatMul } from './wasm/wasm-batch-matmul.js';
import { installWasmCachedAttention } from './wasm/wasm-cached-attention.js';
import { installWasmFusedMatMul } from './wasm/wasm-fused-matmul.js';
import { installWasmGelu } from './wasm/wasm-gelu.js';
import { installWasmIdentity } from './wasm/wasm-identity.js';
import { installWasmLayerNorm } from './wasm/wasm-layer-norm.js';
import { guardWasmMemory } from './wasm/wasm-memory.js';
import { installWasmSlice } from './wasm/wasm-slice.js';
import { installWasmSplit } from './wasm/wasm-split.js';
import { installWasmSum } from './wasm/wasm-sum.js';
import { installWasmTranspose } from './wasm/wasm-transpose.js';
import { installWasmUnsortedSegmentSum } from './wasm/wasm-unsorted-segment-sum.js';

/**
 * Installs this package's kernels into TF.js, for every user of TF.js in the process (the
 * registry is global): the WASM and CPU replacements of tfjs's own kernels (faster, less
 * memory, and the WASM `UnsortedSegmentSum` that training an embedding needs), the fused
 * kernels, and those as `@fewshot/model`'s fused operations (`installFusedOps`). Every WASM
 * backend, however it is started, then reports running out of memory as a `WasmMemoryError`.
 * Idempotent; call it once, before or after selecting the backend.
 */
export function installKernels(): void {
  // Slice first: the Split kernels call whichever Slice is registered.
  installWasmSlice();
  installWasmSplit();
  installWasmBatchMatMul();
  installWasmFusedMatMul();
  installWasmIdentity();
  installWasmSum();
  installWasmTranspose();
  installWasmUnsortedSegmentSum();
  installCpuUnsortedSegmentSum();
  installWasmLayerNorm();
  installWasmGelu();
  installWasmCachedAttention();
  installWasmAdamW();
  guardWasmMemory();
  installFusedOps(WASM_FUSED_OPS);
}
