import {
  BatchMatMul,
  type BatchMatMulAttrs,
  type BatchMatMulInputs,
  type KernelBackend,
  type KernelFunc,
  type NamedAttrMap,
  type TensorInfo,
  Transpose,
  getKernel,
  registerKernel,
  unregisterKernel,
} from '@tensorflow/tfjs-core';

/**
 * `BatchMatMul` for the WASM backend with transposed operands made explicit. tfjs 4.22's WASM
 * kernel runs `a · bᵀ` and `aᵀ · b` an order of magnitude slower than `a · b` (2.7 vs 35
 * GFLOP/s measured for `[128, 768] × [768, 8192]ᵀ`), and backpropagation through every
 * `x · W` asks for exactly those two (`dy · Wᵀ` and `xᵀ · dy`), so training spent most of its
 * time there. Transposing an operand first (one copy, linear in its size) and multiplying
 * plainly is far cheaper than the slow product.
 */
function batchMatMulPlain(args: Parameters<KernelFunc>[0], plain: KernelFunc, transpose: KernelFunc): TensorInfo | TensorInfo[] {
  const { inputs, attrs, backend } = args;
  const { a, b } = inputs as BatchMatMulInputs;
  const { transposeA, transposeB } = attrs as unknown as BatchMatMulAttrs;
  if (a === undefined || b === undefined || (!transposeA && !transposeB)) return plain(args);
  const swapLast = (x: TensorInfo): TensorInfo => {
    const perm = x.shape.map((_, axis) => axis);
    const rank = perm.length;
    perm[rank - 2] = rank - 1;
    perm[rank - 1] = rank - 2;
    return transpose({ inputs: { x }, backend, attrs: { perm } }) as TensorInfo;
  };
  const left = transposeA ? swapLast(a) : a;
  const right = transposeB ? swapLast(b) : b;
  try {
    return plain({ inputs: { a: left, b: right }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } });
  } finally {
    const kernelBackend = backend as unknown as Pick<KernelBackend, 'disposeData'>;
    if (left !== a) kernelBackend.disposeData(left.dataId);
    if (right !== b) kernelBackend.disposeData(right.dataId);
  }
}

// Replaces tfjs's own kernel once per process (the product itself is still tfjs's).
const original = getKernel(BatchMatMul, 'wasm') as ReturnType<typeof getKernel> | undefined;
const transposeKernel = getKernel(Transpose, 'wasm') as ReturnType<typeof getKernel> | undefined;
if (original !== undefined && transposeKernel !== undefined && original.kernelFunc.name !== 'batchMatMulPlainKernel') {
  const plain = original.kernelFunc;
  const transpose = transposeKernel.kernelFunc;
  const batchMatMulPlainKernel = (args: { inputs: BatchMatMulInputs; backend: unknown; attrs?: NamedAttrMap }): TensorInfo | TensorInfo[] =>
    batchMatMulPlain(args as Parameters<KernelFunc>[0], plain, transpose);
  unregisterKernel(BatchMatMul, 'wasm');
  registerKernel({ ...original, kernelFunc: batchMatMulPlainKernel as KernelFunc });
}
