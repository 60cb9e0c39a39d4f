/**
 * A model file that could not be fetched: the server's answer (status, and the Hugging Face
 * Hub's `X-Error-Code` when it sent one, e.g. `RepoNotFound`, `EntryNotFound`, `GatedRepo`) or
 * the transfer's fault, with the URL, so a user can tell a wrong repo id from a dropped connection.
 */
export class ModelFetchError extends Error {
  override readonly name = 'ModelFetchError';

  constructor(
    readonly url: string,
    /** The HTTP status, or undefined when no answer came (network error, aborted, truncated body). */
    readonly status: number | undefined,
    /** The Hub's `X-Error-Code`, when the answer carried one. */
    readonly code: string | undefined,
    readonly fault: string,
  ) {
    super(`${url}: ${fault}`);
  }
}
