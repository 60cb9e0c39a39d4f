/** A prompt request that cannot be honoured; the message names the option, the value and what is allowed. */
export class PromptingError extends Error {
  override readonly name = 'PromptingError';

  constructor(
    readonly option: string,
    readonly value: unknown,
    readonly allowed: string,
  ) {
    super(`${option} = ${(JSON.stringify(value) as string | undefined) ?? String(value)} is invalid: ${allowed}`);
  }
}
