import { type FunctionDefinition, F32, I32, V128 } from './wasm-encoding.js';
import {
  F32X4_ADD,
  F32X4_EXTRACT_LANE,
  F32_ADD,
  I32_ADD,
  I32_LT_U,
  Locals,
  brIf,
  i32Const,
  localGet,
  localSet,
  localTee,
  loop,
  seq,
  v128Const,
  v128Load,
} from './wasm-instructions.js';

/** Bytes {@link readSum} reads per loop iteration: `bytes` must be a multiple of it. */
export const READ_SUM_STRIDE = 64;

/**
 * `sum(pointer, bytes) → f32`: adds up the float32 values of `bytes` bytes from `pointer`, 64
 * bytes (four independent vector sums, added up at the end) per iteration: a read of memory at
 * the speed the kernels could read their weights, to measure that speed.
 */
export function readSum(): FunctionDefinition {
  const locals = new Locals(2);
  const [pointer, bytes] = [0, 1];
  const end = locals.add(I32);
  const sums = locals.addMany(V128, 4);
  const total = sums[0]!;
  const body = seq(
    seq(localGet(pointer), localGet(bytes), I32_ADD, localSet(end)),
    ...sums.map((sum) => seq(v128Const(new Array<number>(16).fill(0)), localSet(sum))),
    loop(
      ...sums.map((sum, i) => seq(localGet(sum), localGet(pointer), v128Load(16 * i), F32X4_ADD, localSet(sum))),
      seq(localGet(pointer), i32Const(READ_SUM_STRIDE), I32_ADD, localTee(pointer)),
      seq(localGet(end), I32_LT_U, brIf(0)),
    ),
    ...sums.slice(1).map((sum) => seq(localGet(total), localGet(sum), F32X4_ADD, localSet(total))),
    ...[0, 1, 2, 3].map((lane) => seq(localGet(total), F32X4_EXTRACT_LANE(lane), lane === 0 ? [] : F32_ADD)),
  );
  return { name: 'sum', params: [I32, I32], results: [F32], locals: locals.declared, body };
}
