import { optionCheckers } from '@fewshot/common';
import { ConfigError } from './config-error.js';

/** Field readers that throw a {@link ConfigError} instead of letting a bad value through. */
export const {
  requireBoolean,
  requireInteger,
  requireNonEmptyString,
  requireNumber,
  requireOneOf,
  requirePositive,
  requireRecord,
} = optionCheckers(ConfigError);

/** A number in [0, 1): a dropout rate. */
export function requireProbability(field: string, value: unknown): number {
  return requireNumber(field, value, { min: 0, max: 1, maxOpen: true });
}
