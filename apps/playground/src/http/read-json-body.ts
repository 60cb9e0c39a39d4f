import type { IncomingMessage } from 'node:http';
import { ApiError } from './api-error.js';

/** Default limit of a request body: a context-filling prompt is well under 1 MB of JSON. */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Reads a JSON object body, refusing more than `limitBytes` as soon as the limit is crossed
 * (413, without buffering the rest) and anything that is not a JSON object (400).
 */
export async function readJsonBody(request: IncomingMessage, limitBytes: number): Promise<Record<string, unknown>> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) throw tooLarge(declared, limitBytes);
  const contentType = request.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(contentType)) {
    throw new ApiError(415, `Content-Type "${contentType}" is not supported: send the body as application/json`, 'invalid_request_error');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) throw tooLarge(size, limitBytes);
    chunks.push(chunk);
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (error) {
    throw new ApiError(400, `The request body is not valid JSON (${(error as Error).message})`, 'invalid_request_error');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ApiError(400, 'The request body must be a JSON object', 'invalid_request_error');
  }
  return body as Record<string, unknown>;
}

function tooLarge(size: number, limit: number): ApiError {
  return new ApiError(413, `The request body has at least ${size} bytes; the limit is ${limit} bytes`, 'invalid_request_error', null, 'request_too_large');
}
