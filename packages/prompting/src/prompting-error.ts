import { OptionError } from '@fewshot/common';

/** A prompt request that cannot be honoured; the message names the option, the value and what is allowed. */
export class PromptingError extends OptionError {
  override readonly name = 'PromptingError';
}
