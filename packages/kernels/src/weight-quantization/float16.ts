/** Largest finite IEEE half-precision value. */
export const FLOAT16_MAX = 65504;

const scratch = new Float32Array(1);
const scratchBits = new Uint32Array(scratch.buffer);

/**
 * Rounds `kept` (the bits a shift kept) to nearest, ties to even: up by one when the `dropped`
 * bits (`width` of them) are over half, or exactly half and `kept` is odd.
 */
function roundKept(kept: number, dropped: number, width: number): number {
  const half = 2 ** (width - 1);
  return dropped > half || (dropped === half && (kept & 1) === 1) ? kept + 1 : kept;
}

/**
 * The IEEE binary16 bits nearest the float32 whose bits are `bits` (ties to even, subnormals
 * kept), without a check: a magnitude of 0x7c00 or more means infinity or NaN, i.e. no finite
 * half (|value| ≥ 65520 or a non-finite value).
 */
export function float16BitsOfFloat32(bits: number): number {
  const sign = (bits >>> 16) & 0x8000;
  const biased = (bits >>> 23) & 0xff;
  const fraction = bits & 0x7fffff;
  const exponent = biased - 127;
  if (biased === 0xff || exponent > 15) return sign | 0x7c00;
  if (exponent >= -14) {
    // Normal: keep 10 of the 23 fraction bits; a carry out of them raises the exponent, as it must.
    return sign | roundKept(((exponent + 15) << 10) | (fraction >>> 13), fraction & 0x1fff, 13);
  }
  // Below 2^-25, half the smallest subnormal: zero.
  if (biased === 0 || exponent < -25) return sign;
  // Subnormal: the 24-bit significand in units of 2^-24, 14 to 24 bits shifted out.
  const significand = fraction | 0x800000;
  const shift = -exponent - 1;
  return sign | roundKept(significand >>> shift, significand & ((1 << shift) - 1), shift);
}

/**
 * The IEEE binary16 bits of the float32 `value` (a number that is not a float32 is rounded to one
 * first), rounded to nearest with ties to even, subnormals kept. Values that round to infinity
 * (|value| ≥ 65520) and non-finite values are refused: a weight must keep a finite value.
 */
export function toFloat16Bits(value: number): number {
  scratch[0] = value;
  const half = float16BitsOfFloat32(scratchBits[0] ?? 0);
  if ((half & 0x7fff) >= 0x7c00) {
    const largest = `the largest half is ${FLOAT16_MAX}`;
    throw new RangeError(`${value} has no finite float16 value: expected |value| < 65520 (${largest})`);
  }
  return half;
}

/** The value of IEEE binary16 bits (finite halves; infinities and NaNs for the exponent 31). */
export function fromFloat16Bits(bits: number): number {
  const sign = (bits & 0x8000) === 0 ? 1 : -1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}
