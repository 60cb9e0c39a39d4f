import { type IncomingMessage, STATUS_CODES, type Server, type ServerResponse, createServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { GenerationQueue, type GenerationQueueOptions } from './generation-queue.js';
import { ApiError } from './http/api-error.js';
import { decodePathSegment, parseRequestTarget } from './http/request-target.js';
import { sendError } from './http/send.js';
import { BROWSER_BUNDLE_DIRECTORY, serveStatic } from './http/static-files.js';
import type { ModelHost } from './model-host.js';
import { StepScheduler, type StepSchedulerOptions } from './step-scheduler.js';
import { type LogSink, type RequestRecord, formatRequestLine, stderrLog } from './request-log.js';
import { handleAttention } from './routes/attention.js';
import { handleCompletions } from './routes/completions.js';
import { handleFewShotPrompt } from './routes/few-shot-prompt.js';
import { handleHealth } from './routes/health.js';
import { handleModelFile, handleModelFiles } from './routes/model-files.js';
import { handleModelInfo } from './routes/model-info.js';
import { handleGetModel, handleListModels } from './routes/models.js';
import { DEFAULT_SERVER_LIMITS, type RouteContext, type ServerLimits } from './routes/route-context.js';
import { handleTokenize } from './routes/tokenize.js';

export interface PlaygroundServerOptions {
  readonly host: ModelHost;
  readonly queue?: GenerationQueueOptions;
  readonly limits?: Partial<ServerLimits>;
  readonly timeouts?: Partial<ServerTimeouts>;
  /** How forward passes are interleaved and batched across requests. */
  readonly scheduling?: StepSchedulerOptions;
  /** Where the one line per request (and any internal error) goes; stderr by default. */
  readonly log?: LogSink;
  /** Put each completion's prompt text in its log line (off by default: prompts may be private). */
  readonly logPrompts?: boolean;
  /** Where the in-page bundle (`/browser/…`) is served from; default the build's `dist/browser/`. */
  readonly browserBundleDirectory?: string;
}

/** How long Node waits on a connection (the body's rate and streams' writes are {@link ServerLimits}). */
export interface ServerTimeouts {
  /** Until a request's headers have all arrived (408 after). */
  readonly headersMs: number;
  /** Until the whole request, body included, has arrived (408 after). */
  readonly requestMs: number;
  /** How long an idle keep-alive connection stays open between requests. */
  readonly keepAliveMs: number;
}

export const DEFAULT_SERVER_TIMEOUTS: ServerTimeouts = { headersMs: 10_000, requestMs: 60_000, keepAliveMs: 5_000 };

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
  { method: 'GET', path: /^\/api\/model\/files$/, handler: handleModelFiles },
  { method: 'GET', path: /^\/api\/model\/files\/([^/]+)$/, handler: handleModelFile },
  { method: 'POST', path: /^\/api\/tokenize$/, handler: handleTokenize },
  { method: 'POST', path: /^\/api\/fewshot$/, handler: handleFewShotPrompt },
  { method: 'POST', path: /^\/api\/attention$/, handler: handleAttention },
];

/** What every request shares: the model, the queue, the limits and the log. */
interface ServerState {
  readonly host: ModelHost;
  readonly queue: GenerationQueue;
  readonly scheduler: StepScheduler;
  readonly limits: ServerLimits;
  readonly log: LogSink;
  readonly logPrompts: boolean;
  readonly browserBundleDirectory: string;
}

/**
 * The playground's HTTP server: OpenAI's `/v1/completions` and `/v1/models`, `/health`, the
 * page's own `/api/*` endpoints, and the page itself. Errors are answered in OpenAI's shape.
 * Every request runs under one error boundary: what the client got wrong is a 4xx, anything
 * else a 500 that is logged, and nothing a request does can end the process.
 */
export function createPlaygroundServer(options: PlaygroundServerOptions): Server {
  const state: ServerState = {
    host: options.host,
    queue: new GenerationQueue(options.queue),
    scheduler: new StepScheduler(options.scheduling),
    limits: { ...DEFAULT_SERVER_LIMITS, ...options.limits },
    log: options.log ?? stderrLog,
    logPrompts: options.logPrompts ?? false,
    browserBundleDirectory: options.browserBundleDirectory ?? BROWSER_BUNDLE_DIRECTORY,
  };
  const timeouts = { ...DEFAULT_SERVER_TIMEOUTS, ...options.timeouts };
  const server = createServer(
    {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      keepAliveTimeout: timeouts.keepAliveMs,
      // Node checks the header and request deadlines on this period (30 s by default).
      connectionsCheckingInterval: Math.max(10, Math.min(1000, timeouts.headersMs / 4)),
    },
    (request, response) => {
      handle(request, response, state).catch((error: unknown) => {
        // Only reached when answering the error failed too: drop the connection, keep serving.
        logInternalError(state.log, error);
        response.destroy();
      });
    },
  );
  // A request Node cannot parse never reaches the handler: log it and answer as Node would.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    if (error.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const record = { tokens: 0, prompt: undefined };
    const line = formatRequestLine({ method: '-', path: '-', status, durationMs: 0, record });
    state.log(`${line} (${error.code ?? 'client error'})`);
    if (socket.writable) socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\n\r\n`);
    else socket.destroy();
  });
  return server;
}

async function handle(request: IncomingMessage, response: ServerResponse, state: ServerState): Promise<void> {
  const started = performance.now();
  const record: RequestRecord = { tokens: 0, prompt: undefined };
  let path = '-';
  const controller = new AbortController();
  response.on('close', () => {
    // A client that goes away before its response is complete cancels its work at once.
    if (!response.writableFinished) controller.abort(new Error('the client disconnected'));
    const status = response.writableFinished ? response.statusCode : 'aborted';
    const durationMs = performance.now() - started;
    state.log(formatRequestLine({ method: request.method ?? '-', path, status, durationMs, record }));
  });
  try {
    const url = parseRequestTarget(request.url);
    path = url.pathname;
    const { host, queue, scheduler, limits, logPrompts } = state;
    const { signal } = controller;
    const context: RouteContext = {
      request,
      response,
      url,
      host,
      queue,
      scheduler,
      limits,
      signal,
      record,
      logPrompts,
    };
    const matching = ROUTES.map((route) => ({ route, match: route.path.exec(url.pathname) })).filter(
      ({ match }) => match !== null,
    );
    const found = matching.find(({ route }) => route.method === request.method);
    if (found !== undefined) {
      await found.route.handler(context, ...(found.match?.slice(1) ?? []).map(decodePathSegment));
      return;
    }
    if (matching.length > 0) {
      const allowed = matching.map(({ route }) => route.method).join(', ');
      throw new ApiError(
        405,
        `${request.method ?? ''} ${url.pathname} is not allowed; use ${allowed}`,
        'invalid_request_error',
        null,
        'method_not_allowed',
        { Allow: allowed },
      );
    }
    const read = request.method === 'GET' || request.method === 'HEAD';
    if (read && (await serveFile(url.pathname, response, request.method === 'HEAD', state))) return;
    throw new ApiError(
      404,
      `No route ${request.method ?? ''} ${url.pathname}; the API is under /v1 (completions, models)`,
      'not_found_error',
      null,
      'unknown_url',
    );
  } catch (error) {
    if (!(error instanceof ApiError)) logInternalError(state.log, error);
    if (controller.signal.aborted || response.destroyed) return;
    // An unread request body must not be mistaken for the next request on this connection.
    const bodyLeftUnread = error instanceof ApiError && (error.status === 413 || error.status === 408);
    if (bodyLeftUnread) response.setHeader('Connection', 'close');
    sendError(response, error);
  }
}

/** The page's files, and under `/browser/` the in-page bundle and TF.js's `.wasm` binaries. */
function serveFile(
  pathname: string,
  response: ServerResponse,
  headersOnly: boolean,
  state: ServerState,
): Promise<boolean> {
  const bundled = /^\/browser(\/.*)$/.exec(pathname)?.[1];
  if (bundled !== undefined) return serveStatic(bundled, response, headersOnly, state.browserBundleDirectory);
  return serveStatic(pathname, response, headersOnly);
}

function logInternalError(log: LogSink, error: unknown): void {
  log(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
}
