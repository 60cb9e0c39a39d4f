import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GenerationQueue } from '../generation-queue.js';
import type { ModelHost } from '../model-host.js';

export interface ServerLimits {
  /** Largest request body accepted (413 beyond it). */
  readonly bodyLimitBytes: number;
  /** Wall-clock budget of one generation per prompt. */
  readonly generationTimeLimitMs: number;
}

/** What a route handler gets: the exchange, the model, the queue and the limits. */
export interface RouteContext {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly url: URL;
  readonly host: ModelHost;
  readonly queue: GenerationQueue;
  readonly limits: ServerLimits;
  /** Aborts when the client disconnects before the response is complete. */
  readonly signal: AbortSignal;
}
