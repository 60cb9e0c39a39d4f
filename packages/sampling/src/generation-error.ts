import { OptionError } from '@fewshot/common';

/**
 * A generation option that is missing, malformed or out of range. The message names the option
 * (`field`, as the caller spelled it, e.g. `topP` or `stop[2]`), the value received and what is
 * allowed, so a caller (or a CLI flag, or an HTTP request) can be corrected without reading our source.
 */
export class GenerationOptionError extends OptionError {
  override readonly name = 'GenerationOptionError';
}
