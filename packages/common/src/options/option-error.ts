/**
 * An option, argument or config field that is missing, malformed or out of range. The message
 * names the field, the value received and what is allowed (`topP = 0 is invalid: expected a
 * number in (0, 1]`), so a caller can fix it without reading our source. Packages subclass it
 * to say whose option it was (`ConfigError`, `GenerationOptionError`, …).
 */
export class OptionError extends Error {
  override readonly name: string = 'OptionError';

  constructor(
    /** The option's name as the caller spelled it, e.g. `topP`, `stop[2]` or `attention[3].window`. */
    readonly field: string,
    /** The value as received. */
    readonly value: unknown,
    /** What would have been accepted, e.g. `expected a number in (0, 1]`. */
    readonly allowed: string,
  ) {
    super(optionErrorMessage(field, value, allowed));
  }
}

/** `field = value is invalid: allowed`, the one wording of a bad option, for errors that are not an OptionError. */
export function optionErrorMessage(field: string, value: unknown, allowed: string): string {
  return `${field} = ${describeValue(value)} is invalid: ${allowed}`;
}

/** A short, printable rendering of a received value for an error message. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return String(value);
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
