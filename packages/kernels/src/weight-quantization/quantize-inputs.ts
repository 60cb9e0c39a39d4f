import {
  F32X4_MAX,
  F32X4_NEAREST,
  F32_DIV,
  F32_MAX,
  F32_SUB,
  I32X4_TRUNC_SAT_F32X4_S,
  I32_AND,
  f32Const,
  f32Store,
} from '../wasm/heap/heap-instructions.js';
import { type FunctionDefinition, F32, I32, V128 } from './wasm-encoding.js';
import {
  type Code,
  F32X4_ABS,
  F32X4_EXTRACT_LANE,
  F32X4_MUL,
  F32X4_SPLAT,
  F32_EQ,
  F32_GT,
  I16X8_NARROW_I32X4_S,
  I32_ADD,
  I32_LT_U,
  I32_MUL,
  Locals,
  SELECT,
  brIf,
  i32Const,
  increment,
  localGet,
  localSet,
  localTee,
  loop,
  seq,
  v128Const,
  v128Load,
  v128Store32Lane,
} from './wasm-instructions.js';

/** Largest magnitude an int8 product's inputs are rounded to: 16-bit lanes of `i32x4.dot_i16x8_s`. */
export const INPUT_LEVELS = 32767;
/** Inputs a row is padded to a multiple of (two vectors of four per iteration). */
export const INPUT_ROW_MULTIPLE = 8;

const PARAMS = ['x', 'xq', 'rowScales', 'rows', 'stride'] as const;
const get = (name: (typeof PARAMS)[number]): Code => localGet(PARAMS.indexOf(name));

/**
 * `quantizeInputs(x, xq, rowScales, rows, stride)`: an int8 product's inputs. Row r of `x`
 * (float32, `stride` values from `x + r · stride · 4`, a multiple of 8 padded with zeros) is
 * rounded to integer multiples of its step max|row| / 32767 (`rowScales[r]`), nearest with ties to
 * even, and written as pairs of 16-bit levels step-major: pair p of row r at `xq + (p · rows + r) · 4`.
 * A row of zeros has step 0; a row with a non-finite value step NaN (its outputs are NaN) and
 * levels 0.
 */
export function quantizeInputs(): FunctionDefinition {
  const locals = new Locals(PARAMS.length);
  const row = locals.add(I32);
  const pointer = locals.add(I32);
  const end = locals.add(I32);
  const output = locals.add(I32);
  const pairStride = locals.add(I32);
  const largest = locals.add(V128);
  const scalar = locals.add(F32);
  const inverse = locals.add(V128);
  const levels = locals.add(V128);
  const rowStart = seq(get('x'), localGet(row), get('stride'), I32_MUL, i32Const(4), I32_MUL, I32_ADD);
  const rounded = (offset: number): Code =>
    seq(localGet(pointer), v128Load(offset), localGet(inverse), F32X4_MUL, F32X4_NEAREST, I32X4_TRUNC_SAT_F32X4_S);
  const body = seq(
    seq(get('rows'), i32Const(4), I32_MUL, localSet(pairStride)),
    seq(i32Const(0), localSet(row)),
    loop(
      // largest = max |x| over the row (NaN if any is NaN)
      seq(rowStart, localTee(pointer), get('stride'), i32Const(4), I32_MUL, I32_ADD, localSet(end)),
      seq(v128Const(new Array<number>(16).fill(0)), localSet(largest)),
      loop(
        seq(localGet(largest), localGet(pointer), v128Load(), F32X4_ABS, F32X4_MAX, localSet(largest)),
        seq(localGet(pointer), i32Const(16), I32_ADD, localTee(pointer), localGet(end), I32_LT_U, brIf(0)),
      ),
      seq(localGet(largest), F32X4_EXTRACT_LANE(0), localGet(largest), F32X4_EXTRACT_LANE(1), F32_MAX),
      seq(localGet(largest), F32X4_EXTRACT_LANE(2), F32_MAX, localGet(largest), F32X4_EXTRACT_LANE(3), F32_MAX),
      localSet(scalar),
      // rowScales[r] = largest / 32767, or NaN (largest − largest) when largest is not finite
      seq(get('rowScales'), localGet(row), i32Const(4), I32_MUL, I32_ADD),
      seq(localGet(scalar), f32Const(INPUT_LEVELS), F32_DIV, localGet(scalar), localGet(scalar), F32_SUB),
      seq(localGet(scalar), localGet(scalar), F32_SUB, f32Const(0), F32_EQ, SELECT, f32Store()),
      // inverse = 32767 / largest for a finite, nonzero row, else 0 (every level 0)
      seq(f32Const(INPUT_LEVELS), localGet(scalar), F32_DIV, f32Const(0)),
      seq(localGet(scalar), f32Const(0), F32_GT, localGet(scalar), localGet(scalar), F32_SUB, f32Const(0), F32_EQ),
      seq(I32_AND, SELECT, F32X4_SPLAT, localSet(inverse)),
      seq(rowStart, localSet(pointer), get('xq'), localGet(row), i32Const(4), I32_MUL, I32_ADD, localSet(output)),
      loop(
        seq(rounded(0), rounded(16), I16X8_NARROW_I32X4_S, localSet(levels)),
        ...[0, 1, 2, 3].map((lane) =>
          seq(localGet(output), localGet(levels), v128Store32Lane(lane), increment(output, localGet(pairStride))),
        ),
        seq(localGet(pointer), i32Const(32), I32_ADD, localTee(pointer), localGet(end), I32_LT_U, brIf(0)),
      ),
      increment(row, i32Const(1)),
      seq(localGet(row), get('rows'), I32_LT_U, brIf(0)),
    ),
  );
  return { name: 'quantizeInputs', params: PARAMS.map(() => I32), results: [], locals: locals.declared, body };
}
