import {
  type Code,
  F32X4_ADD,
  F32X4_MUL,
  I32X4_ADD,
  I32X4_SHL,
  i32Const,
  i32x4Const,
  localGet,
  localSet,
  seq,
} from '../../weight-quantization/wasm-instructions.js';
import {
  F32X4_LT,
  F32X4_MAX,
  F32X4_NEAREST,
  F32X4_SUB,
  I32X4_TRUNC_SAT_F32X4_S,
  V128_ANDNOT,
  f32x4Const,
} from './heap-instructions.js';

/** Below this `exp` is not a normal float32: {@link exp4} gives 0 there. */
export const EXP_UNDERFLOW = -87.33654022216797;

// exp(x) = 2^n · exp(r), n = round(x·log2 e), r = x − n·ln 2 (ln 2 in two parts, Cody–Waite), and
// exp(r) ≈ 1 + r·p(r) on [−ln2/2, ln2/2] with XNNPACK's degree-5 minimax polynomial (f32 `rr2_p5`).
const LOG2_E = 1.4426950216293335; // 0x1.715476p+0
const LN2_HIGH = 0.693145751953125; // 0x1.62E400p-1
const LN2_LOW = 0.000001428606765330187; // 0x1.7F7D1Cp-20
const POLYNOMIAL = [
  0.9999997019767761, // 0x1.FFFFF6p-1
  0.4999915063381195, // 0x1.FFFDC6p-2
  0.16667652130126953, // 0x1.555A80p-3
  0.04189782217144966, // 0x1.573A1Ap-5
  0.008289290592074394, // 0x1.0F9F9Cp-7
] as const;

/** The v128 locals {@link exp4} works in. */
export interface ExpLocals {
  readonly reduced: number;
  readonly exponent: number;
  readonly scale: number;
  readonly underflow: number;
}

/**
 * Code that pushes `exp` of the four float32 lanes `input` pushes, for inputs up to 88 (larger
 * ones overflow): within 2 ulp of the exact value for normal results, 0 below
 * {@link EXP_UNDERFLOW} and for −∞.
 */
export function exp4(input: Code, locals: ExpLocals): Code {
  const { reduced, exponent, scale, underflow } = locals;
  const horner = POLYNOMIAL.slice(0, -1)
    .reverse()
    .map((coefficient) => seq(localGet(reduced), F32X4_MUL, f32x4Const(coefficient), F32X4_ADD));
  return seq(
    input,
    localSet(reduced),
    seq(localGet(reduced), f32x4Const(EXP_UNDERFLOW), F32X4_LT, localSet(underflow)),
    seq(localGet(reduced), f32x4Const(EXP_UNDERFLOW), F32X4_MAX, localSet(reduced)),
    seq(localGet(reduced), f32x4Const(LOG2_E), F32X4_MUL, F32X4_NEAREST, localSet(exponent)),
    seq(localGet(reduced), localGet(exponent), f32x4Const(LN2_HIGH), F32X4_MUL, F32X4_SUB),
    seq(localGet(exponent), f32x4Const(LN2_LOW), F32X4_MUL, F32X4_SUB, localSet(reduced)),
    // 2^n as float bits: (n + 127) << 23.
    seq(localGet(exponent), I32X4_TRUNC_SAT_F32X4_S, i32x4Const(127), I32X4_ADD, i32Const(23), I32X4_SHL),
    localSet(scale),
    // p(r) by Horner, then 2^n + (r·2^n)·p(r).
    f32x4Const(POLYNOMIAL[4]),
    ...horner,
    seq(localGet(reduced), localGet(scale), F32X4_MUL, F32X4_MUL, localGet(scale), F32X4_ADD),
    seq(localGet(underflow), V128_ANDNOT),
  );
}
