import type { ServerResponse } from 'node:http';
import { ApiError } from './api-error.js';

/** Sends `body` as JSON with `status`. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  response.end(text);
}

/**
 * Answers an error in OpenAI's shape. Anything but an `ApiError` is a 500 that says no more than
 * that: its message may hold internals (paths, stack details), so the caller logs it instead.
 */
export function sendError(response: ServerResponse, error: unknown): void {
  const apiError =
    error instanceof ApiError
      ? error
      : new ApiError(500, 'The server failed to handle the request; the error is in its log', 'server_error');
  if (response.headersSent) {
    // Mid-stream (server-sent events): the status is gone, so the error travels as an event.
    if (!response.writableEnded) response.end(`data: ${JSON.stringify(apiError.toJSON())}\n\n`);
    return;
  }
  sendJson(response, apiError.status, apiError.toJSON(), apiError.headers);
}
