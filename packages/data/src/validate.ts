import { optionCheckers } from '@fewshot/common';
import { DataError } from './data-error.js';

/** Option readers that throw a {@link DataError} instead of letting a bad value through. */
export const { requireInteger, requireNumber } = optionCheckers(DataError);
