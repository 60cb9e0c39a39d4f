import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { GenerationQueue, type GenerationQueueOptions } from './generation-queue.js';
import { ApiError } from './http/api-error.js';
import { DEFAULT_BODY_LIMIT_BYTES } from './http/read-json-body.js';
import { sendError } from './http/send.js';
import { serveStatic } from './http/static-files.js';
import type { ModelHost } from './model-host.js';
import { handleAttention } from './routes/attention.js';
import { handleCompletions } from './routes/completions.js';
import { handleFewShotPrompt } from './routes/few-shot-prompt.js';
import { handleHealth } from './routes/health.js';
import { handleModelInfo } from './routes/model-info.js';
import { handleGetModel, handleListModels } from './routes/models.js';
import type { RouteContext, ServerLimits } from './routes/route-context.js';
import { handleTokenize } from './routes/tokenize.js';

export interface PlaygroundServerOptions {
  readonly host: ModelHost;
  readonly queue?: GenerationQueueOptions;
  readonly limits?: Partial<ServerLimits>;
}

type Handler = (context: RouteContext, ...params: string[]) => void | Promise<void>;

interface Route {
  readonly method: 'GET' | 'POST';
  readonly path: RegExp;
  readonly handler: Handler;
}

const ROUTES: readonly Route[] = [
  { method: 'GET', path: /^\/health$/, handler: handleHealth },
  { method: 'GET', path: /^\/v1\/models$/, handler: handleListModels },
  { method: 'GET', path: /^\/v1\/models\/(.+)$/, handler: handleGetModel },
  { method: 'POST', path: /^\/v1\/completions$/, handler: handleCompletions },
  { method: 'GET', path: /^\/api\/model$/, handler: handleModelInfo },
  { method: 'POST', path: /^\/api\/tokenize$/, handler: handleTokenize },
  { method: 'POST', path: /^\/api\/fewshot$/, handler: handleFewShotPrompt },
  { method: 'POST', path: /^\/api\/attention$/, handler: handleAttention },
];

/**
 * The playground's HTTP server: OpenAI's `/v1/completions` and `/v1/models`, `/health`, the
 * page's own `/api/*` endpoints, and the page itself. Errors are answered in OpenAI's shape.
 */
export function createPlaygroundServer(options: PlaygroundServerOptions): Server {
  const queue = new GenerationQueue(options.queue);
  const limits: ServerLimits = {
    bodyLimitBytes: options.limits?.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
    generationTimeLimitMs: options.limits?.generationTimeLimitMs ?? 120_000,
  };
  return createServer((request, response) => {
    void handle(request, response, options.host, queue, limits);
  });
}

async function handle(request: IncomingMessage, response: ServerResponse, host: ModelHost, queue: GenerationQueue, limits: ServerLimits): Promise<void> {
  const controller = new AbortController();
  // A client that goes away before its response is complete cancels its work at once.
  response.on('close', () => {
    if (!response.writableFinished) controller.abort(new Error('the client disconnected'));
  });
  const url = new URL(request.url ?? '/', 'http://localhost');
  const context: RouteContext = { request, response, url, host, queue, limits, signal: controller.signal };
  try {
    const matching = ROUTES.map((route) => ({ route, match: route.path.exec(url.pathname) })).filter(({ match }) => match !== null);
    const found = matching.find(({ route }) => route.method === request.method);
    if (found !== undefined) {
      await found.route.handler(context, ...(found.match?.slice(1) ?? []).map((part) => decodeURIComponent(part)));
      return;
    }
    if (matching.length > 0) {
      const allowed = matching.map(({ route }) => route.method).join(', ');
      throw new ApiError(405, `${request.method ?? ''} ${url.pathname} is not allowed; use ${allowed}`, 'invalid_request_error', null, 'method_not_allowed', { Allow: allowed });
    }
    if ((request.method === 'GET' || request.method === 'HEAD') && (await serveStatic(url.pathname, response, request.method === 'HEAD'))) return;
    throw new ApiError(404, `No route ${request.method ?? ''} ${url.pathname}; the API is under /v1 (completions, models)`, 'not_found_error', null, 'unknown_url');
  } catch (error) {
    if (controller.signal.aborted) return;
    // An unread request body must not be mistaken for the next request on this connection.
    if (error instanceof ApiError && error.status === 413) response.setHeader('Connection', 'close');
    sendError(response, error);
  }
}
