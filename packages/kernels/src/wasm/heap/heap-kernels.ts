import { GELU_CUBIC, SQRT_2_OVER_PI } from '@fewshot/model';
import { F32, type FunctionDefinition, I32, V128 } from '../../weight-quantization/wasm-encoding.js';
import {
  type Code,
  F32X4_ADD,
  F32X4_EXTRACT_LANE,
  F32X4_MUL,
  F32X4_SPLAT,
  F32_ADD,
  I32_ADD,
  I32_GE_U,
  I32_MUL,
  Locals,
  block,
  br,
  brIf,
  f32Load,
  i32Const,
  localGet,
  localSet,
  loop,
  seq,
  v128Load,
  v128Load32Splat,
  v128Store,
} from '../../weight-quantization/wasm-instructions.js';
import {
  F32X4_DIV,
  F32X4_MIN,
  F32X4_SUB,
  F32_DIV,
  F32_MAX,
  F32_MUL,
  F32_NE,
  F32_SQRT,
  F32_SUB,
  I32_CONVERT_TO_F32,
  I32_AND,
  I32_GT_U,
  I32_SHL,
  f32Const,
  f32Store,
  f32x4Const,
  i32Load8U,
  ifElse,
  ifThen,
} from './heap-instructions.js';
import { type ExpLocals, exp4 } from './simd-exp.js';

/** The exponent's factor −2·√(2/π) of `gelu_new` (rounded to float32 where the code takes it). */
const MINUS_TWO_SQRT_2_OVER_PI = -2 * SQRT_2_OVER_PI;

/** `local += step` for an i32 local. */
const increment = (local: number, step: number): Code => seq(localGet(local), i32Const(step), I32_ADD, localSet(local));
/** The address `base + index·4` of float `index` of an array at `base`. */
const floatAddress = (base: number, index: number): Code =>
  seq(localGet(base), localGet(index), i32Const(2), I32_SHL, I32_ADD);
/** `while (!(exit)) { body }`: `exit` pushes an i32. */
const whileNot = (exit: Code, ...body: readonly Code[]): Code => block(loop(exit, brIf(1), ...body, br(0)));

function expLocals(locals: Locals): ExpLocals {
  const [reduced, exponent, scale, underflow] = locals.addMany(V128, 4) as [number, number, number, number];
  return { reduced, exponent, scale, underflow };
}

/**
 * `gelu(x, out, n)`: the tanh GELU of `n` floats at byte address `x` into `out`, as
 * x / (1 + exp(−2·√(2/π)(x + 0.044715x³))) in float32, four at a time; the last `n mod 4` one at
 * a time with the same lane arithmetic, so every element's value depends on its input alone.
 */
export function geluFunction(): FunctionDefinition {
  const [x, out, n] = [0, 1, 2];
  const locals = new Locals(3);
  const i = locals.add(I32);
  const value = locals.add(V128);
  const exp = expLocals(locals);
  const gelu = (input: Code): Code =>
    seq(
      input,
      localSet(value),
      exp4(
        seq(
          seq(localGet(value), f32x4Const(MINUS_TWO_SQRT_2_OVER_PI), F32X4_MUL),
          seq(f32x4Const(1), localGet(value), localGet(value), F32X4_MUL, f32x4Const(GELU_CUBIC), F32X4_MUL, F32X4_ADD),
          seq(F32X4_MUL, f32x4Const(88), F32X4_MIN),
        ),
        exp,
      ),
      localSet(exp.scale),
      seq(localGet(value), f32x4Const(1), localGet(exp.scale), F32X4_ADD, F32X4_DIV),
    );
  const body = seq(
    i32Const(0),
    localSet(i),
    whileNot(
      seq(localGet(i), i32Const(4), I32_ADD, localGet(n), I32_GT_U),
      floatAddress(out, i),
      gelu(seq(floatAddress(x, i), v128Load())),
      v128Store(),
      increment(i, 4),
    ),
    whileNot(
      seq(localGet(i), localGet(n), I32_GE_U),
      floatAddress(out, i),
      gelu(seq(floatAddress(x, i), v128Load32Splat())),
      F32X4_EXTRACT_LANE(0),
      f32Store(),
      increment(i, 1),
    ),
  );
  return { name: 'gelu', params: [I32, I32, I32], results: [], locals: locals.declared, body };
}

/**
 * `attendRows(q, k, v, out, rows, stride, count, size, scale, scores, mask)`: for each of `rows`
 * query rows of `size` floats at `q` (consecutive), softmax(scale · q·kⱼ) · vⱼ over the `count`
 * key and value rows at `k` and `v` (consecutive; query row r reads those `stride` bytes further
 * on per r), skipping key j where `mask` (a byte per key, or 0 for none) is non-zero; the result
 * rows go to `out`. `scores` is room for `count` floats. Float32 throughout, four lanes at a
 * time along `size` (the last `size mod 4` one at a time) and along the keys for the exponentials.
 */
export function attendRowsFunction(): FunctionDefinition {
  const [q, k, v, out, rows, stride, count, size, scale, scores, mask] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const locals = new Locals(11);
  const [row, j, t, whole, key, value, hidden] = locals.addMany(I32, 7) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const [score, max, total, weight] = locals.addMany(F32, 4) as [number, number, number, number];
  const [sum, maxes, sums] = locals.addMany(V128, 3) as [number, number, number];
  const exp = expLocals(locals);
  const rowBytes = seq(localGet(size), i32Const(2), I32_SHL);
  /** `sum ← Σ lanes` of the dot product of the rows at `a` and `b` (byte addresses in locals). */
  const dot = (a: number, b: number): Code =>
    seq(
      f32x4Const(0),
      localSet(sum),
      i32Const(0),
      localSet(t),
      whileNot(
        seq(localGet(t), localGet(whole), I32_GE_U),
        localGet(sum),
        seq(floatAddress(a, t), v128Load(), floatAddress(b, t), v128Load(), F32X4_MUL, F32X4_ADD),
        localSet(sum),
        increment(t, 4),
      ),
      seq(localGet(sum), F32X4_EXTRACT_LANE(0), localGet(sum), F32X4_EXTRACT_LANE(1), F32_ADD),
      seq(localGet(sum), F32X4_EXTRACT_LANE(2), localGet(sum), F32X4_EXTRACT_LANE(3), F32_ADD, F32_ADD),
      localSet(score),
      whileNot(
        seq(localGet(t), localGet(size), I32_GE_U),
        seq(localGet(score), floatAddress(a, t), f32Load(), floatAddress(b, t), f32Load(), F32_MUL, F32_ADD),
        localSet(score),
        increment(t, 1),
      ),
    );
  const scoresPass = seq(
    f32Const(Number.NEGATIVE_INFINITY),
    localSet(max),
    i32Const(0),
    localSet(j),
    whileNot(
      seq(localGet(j), localGet(count), I32_GE_U),
      localGet(mask),
      ifElse([localGet(mask), localGet(j), I32_ADD, i32Load8U(), localSet(hidden)], [i32Const(0), localSet(hidden)]),
      localGet(hidden),
      ifElse(
        [floatAddress(scores, j), f32Const(Number.NEGATIVE_INFINITY), f32Store()],
        [
          dot(q, key),
          seq(localGet(score), localGet(scale), F32_MUL, localSet(score)),
          seq(floatAddress(scores, j), localGet(score), f32Store()),
          seq(localGet(max), localGet(score), F32_MAX, localSet(max)),
        ],
      ),
      seq(localGet(key), rowBytes, I32_ADD, localSet(key)),
      increment(j, 1),
    ),
  );
  const weightsPass = seq(
    seq(localGet(max), F32X4_SPLAT, localSet(maxes), f32x4Const(0), localSet(sums), i32Const(0), localSet(j)),
    whileNot(
      seq(localGet(j), i32Const(4), I32_ADD, localGet(count), I32_GT_U),
      floatAddress(scores, j),
      exp4(seq(floatAddress(scores, j), v128Load(), localGet(maxes), F32X4_SUB), exp),
      seq(localSet(exp.scale), localGet(exp.scale), v128Store()),
      seq(localGet(sums), localGet(exp.scale), F32X4_ADD, localSet(sums)),
      increment(j, 4),
    ),
    seq(localGet(sums), F32X4_EXTRACT_LANE(0), localGet(sums), F32X4_EXTRACT_LANE(1), F32_ADD),
    seq(localGet(sums), F32X4_EXTRACT_LANE(2), localGet(sums), F32X4_EXTRACT_LANE(3), F32_ADD, F32_ADD),
    localSet(total),
    whileNot(
      seq(localGet(j), localGet(count), I32_GE_U),
      exp4(seq(floatAddress(scores, j), v128Load32Splat(), localGet(maxes), F32X4_SUB), exp),
      seq(F32X4_EXTRACT_LANE(0), localSet(weight)),
      seq(floatAddress(scores, j), localGet(weight), f32Store()),
      seq(localGet(total), localGet(weight), F32_ADD, localSet(total)),
      increment(j, 1),
    ),
  );
  // out = Σⱼ (wⱼ / total) · vⱼ, accumulated in the output row.
  const zeroRow = seq(
    i32Const(0),
    localSet(t),
    whileNot(
      seq(localGet(t), localGet(size), I32_GE_U),
      seq(floatAddress(out, t), f32Const(0), f32Store()),
      increment(t, 1),
    ),
  );
  const accumulate = seq(
    seq(localGet(value), localSet(key)),
    i32Const(0),
    localSet(j),
    whileNot(
      seq(localGet(j), localGet(count), I32_GE_U),
      seq(floatAddress(scores, j), f32Load(), localGet(total), F32_DIV, localSet(weight)),
      seq(localGet(weight), f32Const(0), F32_NE),
      ifThen(
        seq(localGet(weight), F32X4_SPLAT, localSet(maxes), i32Const(0), localSet(t)),
        whileNot(
          seq(localGet(t), localGet(whole), I32_GE_U),
          floatAddress(out, t),
          seq(floatAddress(out, t), v128Load(), localGet(maxes)),
          seq(floatAddress(key, t), v128Load(), F32X4_MUL, F32X4_ADD),
          v128Store(),
          increment(t, 4),
        ),
        whileNot(
          seq(localGet(t), localGet(size), I32_GE_U),
          floatAddress(out, t),
          seq(floatAddress(out, t), f32Load(), localGet(weight), floatAddress(key, t), f32Load(), F32_MUL, F32_ADD),
          f32Store(),
          increment(t, 1),
        ),
      ),
      seq(localGet(key), rowBytes, I32_ADD, localSet(key)),
      increment(j, 1),
    ),
  );
  const body = seq(
    seq(localGet(size), i32Const(-4), I32_AND, localSet(whole)),
    i32Const(0),
    localSet(row),
    whileNot(
      seq(localGet(row), localGet(rows), I32_GE_U),
      seq(localGet(k), localGet(row), localGet(stride), I32_MUL, I32_ADD, localSet(key)),
      seq(localGet(v), localGet(row), localGet(stride), I32_MUL, I32_ADD, localSet(value)),
      scoresPass,
      weightsPass,
      zeroRow,
      accumulate,
      seq(localGet(q), rowBytes, I32_ADD, localSet(q)),
      seq(localGet(out), rowBytes, I32_ADD, localSet(out)),
      increment(row, 1),
    ),
  );
  return {
    name: 'attendRows',
    params: [I32, I32, I32, I32, I32, I32, I32, I32, F32, I32, I32],
    results: [],
    locals: locals.declared,
    body,
  };
}

/**
 * `layerNorm(x, gamma, beta, out, rows, width, epsilon)`: each of `rows` rows of `width` floats
 * at `x` normalised to mean 0 and variance 1 (the variance of the row, plus `epsilon`), times
 * `gamma` plus `beta`, into `out`. Float32, four lanes at a time (the last `width mod 4` one at
 * a time); the mean and the variance are two passes over the row.
 */
export function layerNormFunction(): FunctionDefinition {
  const [x, gamma, beta, out, rows, width, epsilon] = [0, 1, 2, 3, 4, 5, 6];
  const locals = new Locals(7);
  const [row, t, whole] = locals.addMany(I32, 3) as [number, number, number];
  const [mean, scale, count, deviation] = locals.addMany(F32, 4) as [number, number, number, number];
  const [sum, centre, factor] = locals.addMany(V128, 3) as [number, number, number];
  const lanes = seq(
    seq(localGet(sum), F32X4_EXTRACT_LANE(0), localGet(sum), F32X4_EXTRACT_LANE(1), F32_ADD),
    seq(localGet(sum), F32X4_EXTRACT_LANE(2), localGet(sum), F32X4_EXTRACT_LANE(3), F32_ADD, F32_ADD),
  );
  /** `scale ← Σ term(t)` over the row: `vector` and `scalar` push the term at `t` (v128 / f32). */
  const total = (vector: Code, scalar: Code): Code =>
    seq(
      seq(f32x4Const(0), localSet(sum), i32Const(0), localSet(t)),
      whileNot(
        seq(localGet(t), localGet(whole), I32_GE_U),
        seq(localGet(sum), vector, F32X4_ADD, localSet(sum)),
        increment(t, 4),
      ),
      seq(lanes, localSet(scale)),
      whileNot(
        seq(localGet(t), localGet(width), I32_GE_U),
        seq(localGet(scale), scalar, F32_ADD, localSet(scale)),
        increment(t, 1),
      ),
    );
  const centred = seq(floatAddress(x, t), v128Load(), localGet(centre), F32X4_SUB);
  const centredScalar = seq(floatAddress(x, t), f32Load(), localGet(mean), F32_SUB);
  const body = seq(
    seq(localGet(width), i32Const(-4), I32_AND, localSet(whole)),
    seq(localGet(width), I32_CONVERT_TO_F32, localSet(count)),
    seq(i32Const(0), localSet(row)),
    whileNot(
      seq(localGet(row), localGet(rows), I32_GE_U),
      total(seq(floatAddress(x, t), v128Load()), seq(floatAddress(x, t), f32Load())),
      seq(localGet(scale), localGet(count), F32_DIV, localSet(mean)),
      seq(localGet(mean), F32X4_SPLAT, localSet(centre)),
      total(
        seq(centred, localSet(factor), localGet(factor), localGet(factor), F32X4_MUL),
        seq(centredScalar, localSet(deviation), localGet(deviation), localGet(deviation), F32_MUL),
      ),
      seq(f32Const(1), localGet(scale), localGet(count), F32_DIV, localGet(epsilon), F32_ADD, F32_SQRT, F32_DIV),
      seq(localSet(scale), localGet(scale), F32X4_SPLAT, localSet(factor)),
      seq(i32Const(0), localSet(t)),
      whileNot(
        seq(localGet(t), localGet(whole), I32_GE_U),
        floatAddress(out, t),
        seq(centred, localGet(factor), F32X4_MUL, floatAddress(gamma, t), v128Load(), F32X4_MUL),
        seq(floatAddress(beta, t), v128Load(), F32X4_ADD, v128Store()),
        increment(t, 4),
      ),
      whileNot(
        seq(localGet(t), localGet(width), I32_GE_U),
        floatAddress(out, t),
        seq(centredScalar, localGet(scale), F32_MUL, floatAddress(gamma, t), f32Load(), F32_MUL),
        seq(floatAddress(beta, t), f32Load(), F32_ADD, f32Store()),
        increment(t, 1),
      ),
      seq(localGet(x), localGet(width), i32Const(2), I32_SHL, I32_ADD, localSet(x)),
      seq(localGet(out), localGet(width), i32Const(2), I32_SHL, I32_ADD, localSet(out)),
      increment(row, 1),
    ),
  );
  return { name: 'layerNorm', params: [I32, I32, I32, I32, I32, I32, F32], results: [], locals: locals.declared, body };
}
