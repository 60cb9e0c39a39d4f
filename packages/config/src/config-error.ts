/**
 * A model or training configuration value that is missing, malformed or inconsistent.
 * The message names the field, the value received and what is allowed, so a user can fix
 * the config without reading our source.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(
    /** Dotted path of the offending field, e.g. `attention[3].window` or `n_embd`. */
    readonly field: string,
    /** The value as received. */
    readonly value: unknown,
    /** What would have been accepted. */
    readonly allowed: string,
  ) {
    super(`${field} = ${describeValue(value)} is invalid: ${allowed}`);
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
