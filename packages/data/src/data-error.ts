import { OptionError } from '@fewshot/common';

/** A data request that cannot be honoured; the message names the option, the value and what is allowed. */
export class DataError extends OptionError {
  override readonly name = 'DataError';
}
