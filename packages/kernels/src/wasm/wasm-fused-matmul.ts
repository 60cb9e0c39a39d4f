import {
  type _FusedMatMulAttrs,
  type _FusedMatMulInputs,
  type KernelFunc,
  type TensorInfo,
  _FusedMatMul,
} from '@tensorflow/tfjs-core';
import { type KernelArgs, replaceKernel } from '../replace-kernel.js';
import type { WasmHeap } from './wasm-heap.js';
import { packingOperand } from './wasm-packing-operand.js';

/**
 * tfjs's `_FusedMatMul` (`x · W + bias`, every affine layer's forward pass), with the weights
 * handed over as {@link packingOperand} gives them: unchanged for inference, a copy freed after
 * the product while gradients are computed.
 */
function fusedMatMulTransientPacking(args: KernelArgs, plain: KernelFunc): TensorInfo | TensorInfo[] {
  const { b } = args.inputs as _FusedMatMulInputs;
  const { transposeA, transposeB } = args.attrs as unknown as _FusedMatMulAttrs;
  // Only the un-transposed product goes to XNNPACK (and caches a packing); the others are loops.
  if (transposeA || transposeB) return plain(args);
  const wasm = args.backend as unknown as WasmHeap;
  const operand = packingOperand(wasm, b);
  try {
    return plain({ ...args, inputs: { ...args.inputs, b: operand } });
  } finally {
    if (operand !== b) wasm.disposeData(operand.dataId);
  }
}

/** Replaces tfjs's own kernel (once per process; the product itself is still tfjs's). */
export function installWasmFusedMatMul(): void {
  replaceKernel(
    _FusedMatMul,
    'wasm',
    'fusedMatMulTransientPackingKernel',
    (plain) => (args) => fusedMatMulTransientPacking(args, plain),
  );
}
