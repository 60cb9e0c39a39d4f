import { signedLeb, unsignedLeb } from '../../weight-quantization/wasm-encoding.js';
import type { Code } from '../../weight-quantization/wasm-instructions.js';

/**
 * The WebAssembly instructions the heap kernels need beyond those of
 * `weight-quantization/wasm-instructions.ts` (which this folder uses too): scalar f32 and i32
 * arithmetic, `if`, and the float SIMD operations of an exponential.
 */

/** Memory accesses: natural alignment as log2 bytes, then a constant byte offset. */
export const f32Store = (offset = 0): Code => [0x38, 2, ...unsignedLeb(offset)];
export const i32Load8U = (offset = 0): Code => [0x2d, 0, ...unsignedLeb(offset)];
export const f32Const = (value: number): Code => {
  const bytes = new Uint8Array(new Float32Array([value]).buffer);
  return [0x43, ...bytes];
};
export const I32_AND: Code = [0x71];
export const I32_SHL: Code = [0x74];
export const I32_GT_U: Code = [0x4b];
export const F32_NE: Code = [0x5c];
export const F32_SUB: Code = [0x93];
export const F32_MUL: Code = [0x94];
export const F32_DIV: Code = [0x95];
export const F32_MAX: Code = [0x97];
export const F32_SQRT: Code = [0x91];
export const I32_CONVERT_TO_F32: Code = [0xb3];
export const i32ConstSigned = (value: number): Code => [0x41, ...signedLeb(value)];

/** `if … end` and `if … else … end` without results, on the i32 on the stack. */
export const ifThen = (...body: readonly Code[]): Code => [0x04, 0x40, ...body.flat(), 0x0b];
export const ifElse = (then: readonly Code[], otherwise: readonly Code[]): Code => [
  0x04,
  0x40,
  ...then.flat(),
  0x05,
  ...otherwise.flat(),
  0x0b,
];

const simd = (opcode: number): Code => [0xfd, ...unsignedLeb(opcode)];
/** A v128 of four equal f32 lanes. */
export const f32x4Const = (value: number): Code => {
  const lane = [...new Uint8Array(new Float32Array([value]).buffer)];
  return [0xfd, ...unsignedLeb(0x0c), ...lane, ...lane, ...lane, ...lane];
};
export const F32X4_LT: Code = simd(0x43);
export const V128_ANDNOT: Code = simd(0x4f);
export const F32X4_NEAREST: Code = simd(0x6a);
export const I32X4_SUB: Code = simd(0xb1);
export const F32X4_SUB: Code = simd(0xe5);
export const F32X4_DIV: Code = simd(0xe7);
export const F32X4_MIN: Code = simd(0xe8);
export const F32X4_MAX: Code = simd(0xe9);
export const I32X4_TRUNC_SAT_F32X4_S: Code = simd(0xf8);
