import type { ProductFormat } from './blocked-product.js';
import { V128 } from './wasm-encoding.js';
import {
  F32X4_MUL,
  I32X4_DOT_I16X8_S,
  I32X4_SHL,
  V128_AND,
  i16x8Load8x8S,
  i32Const,
  i32x4Const,
  i32x4Load16x4S,
  localGet,
  localSet,
  seq,
  v128Load,
} from './wasm-instructions.js';
import type { DecodingDtype } from './weight-layout.js';

/**
 * 8-bit weights, two inputs per kernel step: each 8 bytes hold 4 columns × 2 inputs, sign-extended
 * to 16 bits and multiplied with the step's pair of 16-bit inputs by `i32x4.dot_i16x8_s` (8
 * multiply-adds in one instruction, exact in 32 bits).
 */
export const INT8_FORMAT: ProductFormat = {
  name: 'int8',
  integer: true,
  columnScales: true,
  stepBytesPerColumn: 2,
  prepare: () => ({ setup: [], constants: [] }),
  loadGroup: (pointer, group) => seq(localGet(pointer), i16x8Load8x8S(8 * group)),
  product: I32X4_DOT_I16X8_S,
};

/**
 * IEEE half-precision weights: each 8 bytes hold 4 columns, sign-extended to 32 bits, shifted left
 * 13 and masked to 0x8FFFFFFF (the sign extension's copies of the sign cleared from the exponent),
 * which is the float32 whose value is the half's × 2^-112, for normal and subnormal halves alike.
 * The caller scales inputs and sums to undo the 2^-112 (see `FLOAT16_INPUT_SCALE`).
 */
export const FLOAT16_FORMAT: ProductFormat = {
  name: 'float16',
  integer: false,
  columnScales: false,
  stepBytesPerColumn: 2,
  prepare: (locals) => {
    const mask = locals.add(V128);
    return { setup: seq(i32x4Const(0x8fffffff), localSet(mask)), constants: [mask] };
  },
  loadGroup: (pointer, group, [mask = 0]) =>
    seq(localGet(pointer), i32x4Load16x4S(8 * group), i32Const(13), I32X4_SHL, localGet(mask), V128_AND),
  product: F32X4_MUL,
};

/**
 * Float32 weights, read as stored: each 16 bytes hold 4 columns of one depth step. The products
 * are float32 matMul's, summed in another order.
 */
export const FLOAT32_FORMAT: ProductFormat = {
  name: 'float32',
  integer: false,
  columnScales: false,
  stepBytesPerColumn: 4,
  prepare: () => ({ setup: [], constants: [] }),
  loadGroup: (pointer, group) => seq(localGet(pointer), v128Load(16 * group)),
  product: F32X4_MUL,
};

/** The format each decoding dtype is stored in; the kernel of each is exported under the dtype's name. */
export const PRODUCT_FORMATS: Readonly<Record<DecodingDtype, ProductFormat>> = {
  int8: INT8_FORMAT,
  float16: FLOAT16_FORMAT,
  float32: FLOAT32_FORMAT,
};
