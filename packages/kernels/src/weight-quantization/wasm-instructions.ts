import { type ValueType, signedLeb, unsignedLeb } from './wasm-encoding.js';

/**
 * The WebAssembly instructions the kernels of this folder use, as byte sequences (core opcodes
 * and the SIMD128 ones behind the 0xfd prefix, numbered as in the final SIMD specification);
 * `wasm/heap/heap-instructions.ts` holds the scalar float ones and a few more.
 */
export type Code = readonly number[];

/** Concatenates instruction sequences. */
export const seq = (...parts: readonly Code[]): number[] => parts.flat();

export const localGet = (index: number): Code => [0x20, ...unsignedLeb(index)];
export const localSet = (index: number): Code => [0x21, ...unsignedLeb(index)];
export const localTee = (index: number): Code => [0x22, ...unsignedLeb(index)];

export const i32Const = (value: number): Code => [0x41, ...signedLeb(value)];
export const I32_ADD: Code = [0x6a];
export const I32_SUB: Code = [0x6b];
export const I32_MUL: Code = [0x6c];
export const I32_LT_U: Code = [0x49];
export const I32_GE_U: Code = [0x4f];
export const SELECT: Code = [0x1b];
export const F32_ADD: Code = [0x92];
export const F32_EQ: Code = [0x5b];
export const F32_GT: Code = [0x5e];
export const f32Load = (offset = 0): Code => [0x2a, 2, ...unsignedLeb(offset)];

/** `block … end` and `loop … end` without results; `br`/`br_if` count enclosing labels from 0. */
export const block = (...body: readonly Code[]): Code => [0x02, 0x40, ...body.flat(), 0x0b];
export const loop = (...body: readonly Code[]): Code => [0x03, 0x40, ...body.flat(), 0x0b];
export const br = (depth: number): Code => [0x0c, ...unsignedLeb(depth)];
export const brIf = (depth: number): Code => [0x0d, ...unsignedLeb(depth)];

/** `local += amount` (i32). */
export const increment = (local: number, amount: Code): Code => seq(localGet(local), amount, I32_ADD, localSet(local));

const simd = (opcode: number, ...immediates: readonly number[]): Code => [0xfd, ...unsignedLeb(opcode), ...immediates];
/** A SIMD memory access: natural alignment as log2 bytes, then a constant byte offset. */
const simdMemory = (opcode: number, alignLog2: number, offset: number): Code =>
  simd(opcode, alignLog2, ...unsignedLeb(offset));

export const v128Load = (offset = 0): Code => simdMemory(0x00, 4, offset);
/** 8 bytes, each sign-extended to a 16-bit lane. */
export const i16x8Load8x8S = (offset = 0): Code => simdMemory(0x01, 3, offset);
/** 4 16-bit values, each sign-extended to a 32-bit lane. */
export const i32x4Load16x4S = (offset = 0): Code => simdMemory(0x03, 3, offset);
export const v128Load32Splat = (offset = 0): Code => simdMemory(0x09, 2, offset);
export const v128Store = (offset = 0): Code => simdMemory(0x0b, 4, offset);
/** Stores 32-bit lane `lane` of a v128 at the address below it. */
export const v128Store32Lane = (lane: number, offset = 0): Code => [...simdMemory(0x5a, 2, offset), lane];
export const v128Const = (bytes: readonly number[]): Code => {
  if (bytes.length !== 16) throw new RangeError(`v128Const: expected 16 bytes, got ${bytes.length}`);
  return simd(0x0c, ...bytes);
};
/** A v128 constant of four equal 32-bit lanes (`bits` as an unsigned 32-bit pattern). */
export const i32x4Const = (bits: number): Code => {
  const lane = [0, 8, 16, 24].map((shift) => (bits >>> shift) & 0xff);
  return v128Const([...lane, ...lane, ...lane, ...lane]);
};
export const F32X4_SPLAT: Code = simd(0x13);
export const F32X4_EXTRACT_LANE = (lane: number): Code => simd(0x1f, lane);
export const V128_AND: Code = simd(0x4e);
export const I16X8_NARROW_I32X4_S: Code = simd(0x85);
export const I32X4_SHL: Code = simd(0xab);
export const I32X4_ADD: Code = simd(0xae);
export const I32X4_DOT_I16X8_S: Code = simd(0xba);
export const F32X4_ABS: Code = simd(0xe0);
export const F32X4_ADD: Code = simd(0xe4);
export const F32X4_MUL: Code = simd(0xe6);
export const F32X4_CONVERT_I32X4_S: Code = simd(0xfa);

/** Hands out local indices after a function's parameters and records their types. */
export class Locals {
  private readonly types: ValueType[] = [];

  constructor(private readonly parameters: number) {}

  add(type: ValueType): number {
    this.types.push(type);
    return this.parameters + this.types.length - 1;
  }

  /** `count` locals of one type. */
  addMany(type: ValueType, count: number): number[] {
    return Array.from({ length: count }, () => this.add(type));
  }

  get declared(): readonly ValueType[] {
    return this.types;
  }
}
