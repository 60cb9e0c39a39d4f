import { optionCheckers } from '@fewshot/common';
import { PromptingError } from './prompting-error.js';

/** Option readers that throw a {@link PromptingError} instead of letting a bad value through. */
export const { requireInteger } = optionCheckers(PromptingError);
