import { OptionError } from '@fewshot/common';

/**
 * A model or training configuration value that is missing, malformed or inconsistent. The
 * message names the field (a dotted path such as `attention[3].window`), the value received and
 * what is allowed, so a user can fix the config without reading our source.
 */
export class ConfigError extends OptionError {
  override readonly name = 'ConfigError';
}
