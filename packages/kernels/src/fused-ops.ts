import type { FusedOps } from '@fewshot/model';
import * as tf from '@tensorflow/tfjs-core';
import { wasmAdamWUpdate } from './wasm/wasm-adamw.js';
import { wasmCachedAttention } from './wasm/wasm-cached-attention.js';
import { wasmGeluTanh } from './wasm/wasm-gelu.js';
import { wasmLayerNorm } from './wasm/wasm-layer-norm.js';
import { wasmWriteRows } from './wasm/wasm-write-rows.js';

/** The fused operations this package gives @fewshot/model and @fewshot/training: float32 tensors on WASM. */
export const WASM_FUSED_OPS: FusedOps = {
  supports: (tensor) => tf.getBackend() === 'wasm' && tensor.dtype === 'float32',
  layerNorm: wasmLayerNorm,
  geluTanh: wasmGeluTanh,
  cachedAttention: wasmCachedAttention,
  writeRows: wasmWriteRows,
  adamWUpdate: wasmAdamWUpdate,
};
