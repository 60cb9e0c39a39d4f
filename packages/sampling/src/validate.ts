import { GenerationOptionError } from './generation-error.js';

/** Option readers that throw a {@link GenerationOptionError} instead of letting a bad value through. */

/** A number in `[min, max]`; either bound may be open (`minOpen`/`maxOpen`) or infinite. */
export function requireNumber(
  parameter: string,
  value: unknown,
  range: { min?: number; max?: number; minOpen?: boolean; maxOpen?: boolean } = {},
): number {
  const { min = -Infinity, max = Infinity, minOpen = false, maxOpen = false } = range;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (minOpen ? value > min : value >= min) &&
    (maxOpen ? value < max : value <= max);
  if (!ok) throw new GenerationOptionError(parameter, value, `expected ${describeRange(range)}`);
  return value;
}

/** An integer in `[min, max]`. */
export function requireInteger(parameter: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in ${min}..${max}`;
    throw new GenerationOptionError(parameter, value, `expected an integer ${range}`);
  }
  return value;
}

/** A token id of a vocabulary of `vocabSize` entries. */
export function requireTokenId(parameter: string, value: unknown, vocabSize: number): number {
  return requireInteger(parameter, value, 0, vocabSize - 1);
}

function describeRange(range: { min?: number; max?: number; minOpen?: boolean; maxOpen?: boolean }): string {
  const { min, max, minOpen = false, maxOpen = false } = range;
  if (min === undefined && max === undefined) return 'a finite number';
  if (max === undefined) return `a finite number ${minOpen ? '>' : '>='} ${min}`;
  if (min === undefined) return `a finite number ${maxOpen ? '<' : '<='} ${max}`;
  return `a number in ${minOpen ? '(' : '['}${min}, ${max}${maxOpen ? ')' : ']'}`;
}

/** One of a fixed set of strings (checked at run time for callers without types). */
export function requireOneOf<const T extends string>(parameter: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new GenerationOptionError(parameter, value, `expected one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`);
  }
  return value as T;
}
