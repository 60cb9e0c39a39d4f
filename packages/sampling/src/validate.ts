import { optionCheckers } from '@fewshot/common';
import { GenerationOptionError } from './generation-error.js';

/** Option readers that throw a {@link GenerationOptionError} instead of letting a bad value through. */
export const { requireInteger, requireNumber, requireOneOf } = optionCheckers(GenerationOptionError);

/** A token id of a vocabulary of `vocabSize` entries. */
export function requireTokenId(parameter: string, value: unknown, vocabSize: number): number {
  return requireInteger(parameter, value, 0, vocabSize - 1);
}
