/** OpenAI's error `type`s that this server answers with. */
export type ApiErrorType =
  | 'invalid_request_error'
  | 'not_found_error'
  | 'rate_limit_error'
  | 'server_error'
  | 'service_unavailable';

/**
 * An error answered in OpenAI's shape, `{ error: { message, type, param, code } }`, so the
 * `openai` client raises its typed errors (`BadRequestError`, `RateLimitError`, …) with our message.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    message: string,
    readonly type: ApiErrorType,
    /** The request field at fault, e.g. `temperature` or `stop[1]`; null when none is. */
    readonly param: string | null = null,
    /** A machine-readable reason, e.g. `context_length_exceeded`. */
    readonly code: string | null = null,
    /** Extra response headers, e.g. `Retry-After` on a 429. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }

  /** 400 for a request field: names the field, the value received and what is allowed. */
  static invalid(param: string, message: string, code: string | null = null): ApiError {
    return new ApiError(400, message, 'invalid_request_error', param, code);
  }

  toJSON(): { error: { message: string; type: ApiErrorType; param: string | null; code: string | null } } {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}
