/**
 * A generation option that is missing, malformed or out of range. The message names the
 * parameter, the value received and what is allowed, so a caller (or a CLI flag, or an HTTP
 * request) can be corrected without reading our source.
 */
export class GenerationOptionError extends Error {
  override readonly name = 'GenerationOptionError';

  constructor(
    /** The option's name as the caller spelled it, e.g. `topP` or `stop[2]`. */
    readonly parameter: string,
    /** The value as received. */
    readonly value: unknown,
    /** What would have been accepted, e.g. `expected a number in (0, 1]`. */
    readonly allowed: string,
  ) {
    super(`${parameter} = ${describeValue(value)} is invalid: ${allowed}`);
  }
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (typeof value === 'bigint') return `${value.toString()}n`;
  try {
    // JSON.stringify gives undefined for functions and symbols.
    const json = JSON.stringify(value) as string | undefined;
    if (json === undefined) return typeof value;
    return json.length > 80 ? `${json.slice(0, 77)}...` : json;
  } catch {
    return 'a circular object';
  }
}
