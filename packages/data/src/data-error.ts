/** A data request that cannot be honoured; the message names the option, the value and what is allowed. */
export class DataError extends Error {
  override readonly name = 'DataError';

  constructor(
    readonly option: string,
    readonly value: unknown,
    readonly allowed: string,
  ) {
    super(`${option} = ${(JSON.stringify(value) as string | undefined) ?? String(value)} is invalid: ${allowed}`);
  }
}
