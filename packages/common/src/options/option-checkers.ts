import { OptionError } from './option-error.js';

/** An {@link OptionError} class: the package's own subclass, so callers can tell whose option failed. */
export type OptionErrorClass = new (field: string, value: unknown, allowed: string) => OptionError;

/** Bounds of a number; either may be open or left out (unbounded). */
export interface NumberRange {
  readonly min?: number;
  readonly max?: number;
  readonly minOpen?: boolean;
  readonly maxOpen?: boolean;
}

/** Readers that return a valid value or throw the error class they were made with. */
export interface OptionCheckers {
  /** An integer in `min..max` (no upper bound when `max` is left out). */
  readonly requireInteger: (field: string, value: unknown, min: number, max?: number) => number;
  /** A finite number in the range. */
  readonly requireNumber: (field: string, value: unknown, range?: NumberRange) => number;
  /** A finite number > 0. */
  readonly requirePositive: (field: string, value: unknown) => number;
  /** One of a fixed set of strings (checked at run time for callers without types). */
  readonly requireOneOf: <const T extends string>(field: string, value: unknown, allowed: readonly T[]) => T;
  readonly requireBoolean: (field: string, value: unknown) => boolean;
  readonly requireNonEmptyString: (field: string, value: unknown) => string;
  /** A plain object (not null, not an array). */
  readonly requireRecord: (field: string, value: unknown) => Record<string, unknown>;
}

/**
 * The checkers, throwing `ErrorClass`. A package makes its set once
 * (`export const { requireInteger } = optionCheckers(ConfigError)`), so every message reads alike.
 */
export function optionCheckers(ErrorClass: OptionErrorClass = OptionError): OptionCheckers {
  const requireNumber = (field: string, value: unknown, range: NumberRange = {}): number => {
    const { min = -Infinity, max = Infinity, minOpen = false, maxOpen = false } = range;
    const ok =
      typeof value === 'number' &&
      Number.isFinite(value) &&
      (minOpen ? value > min : value >= min) &&
      (maxOpen ? value < max : value <= max);
    if (!ok) throw new ErrorClass(field, value, `expected ${describeRange(range)}`);
    return value;
  };
  return {
    requireInteger(field, value, min, max = Number.MAX_SAFE_INTEGER) {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
        const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in ${min}..${max}`;
        throw new ErrorClass(field, value, `expected an integer ${range}`);
      }
      return value;
    },
    requireNumber,
    requirePositive: (field, value) => requireNumber(field, value, { min: 0, minOpen: true }),
    requireOneOf(field, value, allowed) {
      if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
        throw new ErrorClass(field, value, `expected one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`);
      }
      return value as (typeof allowed)[number];
    },
    requireBoolean(field, value) {
      if (typeof value !== 'boolean') throw new ErrorClass(field, value, 'expected true or false');
      return value;
    },
    requireNonEmptyString(field, value) {
      if (typeof value !== 'string' || value.length === 0)
        throw new ErrorClass(field, value, 'expected a non-empty string');
      return value;
    },
    requireRecord(field, value) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new ErrorClass(field, value, 'expected a JSON object');
      }
      return value as Record<string, unknown>;
    },
  };
}

/** `a finite number >= 0`, `a number in (0, 1]`, … */
function describeRange(range: NumberRange): string {
  const { min, max, minOpen = false, maxOpen = false } = range;
  if (min === undefined && max === undefined) return 'a finite number';
  if (max === undefined) return `a finite number ${minOpen ? '>' : '>='} ${min}`;
  if (min === undefined) return `a finite number ${maxOpen ? '<' : '<='} ${max}`;
  return `a number in ${minOpen ? '(' : '['}${min}, ${max}${maxOpen ? ')' : ']'}`;
}
