import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GenerationQueue } from '../generation-queue.js';
import { type BodyLimits, DEFAULT_BODY_LIMIT_BYTES } from '../http/read-json-body.js';
import type { ModelHost } from '../model-host.js';
import type { RequestRecord } from '../request-log.js';
import type { StepScheduler } from '../step-scheduler.js';

/** What one request may ask of the server (see the README's table of defaults). */
export interface ServerLimits extends BodyLimits {
  /** Wall-clock budget of one generation per prompt. */
  readonly generationTimeLimitMs: number;
  /**
   * How long a stream may wait for its client to read what was already sent; then the
   * generation is cancelled, its slot freed and the connection closed.
   */
  readonly streamWriteTimeoutMs: number;
  /** Most completions (prompts × best_of, or × n) in one completion request. */
  readonly maxChoicesPerRequest: number;
  /** Most tokens (completions × max_tokens) one completion request may ask to generate. */
  readonly maxTokensPerRequest: number;
}

export const DEFAULT_SERVER_LIMITS: ServerLimits = {
  bodyLimitBytes: DEFAULT_BODY_LIMIT_BYTES,
  bodyMinBytesPerSecond: 1024,
  bodyGraceMs: 5_000,
  generationTimeLimitMs: 120_000,
  streamWriteTimeoutMs: 30_000,
  maxChoicesPerRequest: 128,
  maxTokensPerRequest: 16_384,
};

/** What a route handler gets: the exchange, the model, the queue and the limits. */
export interface RouteContext {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly url: URL;
  readonly host: ModelHost;
  readonly queue: GenerationQueue;
  /** Interleaves (and batches) the forward passes of the requests the queue lets run. */
  readonly scheduler: StepScheduler;
  readonly limits: ServerLimits;
  /** Aborts when the client disconnects before the response is complete. */
  readonly signal: AbortSignal;
  /** What the request's log line reports (tokens generated, the prompt when asked for). */
  readonly record: RequestRecord;
  /** Whether the prompt text may go into the log line. */
  readonly logPrompts: boolean;
}
