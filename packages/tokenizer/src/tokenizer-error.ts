/**
 * Any misuse of the tokenizer or malformed tokenizer file. Messages name the parameter, file,
 * line or key at fault, the value found and what would have been accepted.
 */
export class TokenizerError extends Error {
  override readonly name = 'TokenizerError';
}

/** Short, printable rendering of a received value for error messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'bigint') return `${value.toString()}n`;
  if (typeof value === 'number') return String(value);
  try {
    const json = JSON.stringify(value) as string | undefined;
    if (json === undefined) return typeof value;
    return json.length > 60 ? `${json.slice(0, 57)}...` : json;
  } catch {
    return 'a circular object';
  }
}

/** The error for an argument outside what a function accepts. */
export function invalidArgument(parameter: string, value: unknown, allowed: string): TokenizerError {
  return new TokenizerError(`${parameter} = ${describeValue(value)} is invalid: ${allowed}`);
}
