import { optionErrorMessage } from '@fewshot/common';

/**
 * Any misuse of the tokenizer or malformed tokenizer file. Messages name the parameter, file,
 * line or key at fault, the value found and what would have been accepted.
 */
export class TokenizerError extends Error {
  override readonly name = 'TokenizerError';
}

/** The error for an argument outside what a function accepts. */
export function invalidArgument(parameter: string, value: unknown, allowed: string): TokenizerError {
  return new TokenizerError(optionErrorMessage(parameter, value, allowed));
}
