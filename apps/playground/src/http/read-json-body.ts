import type { IncomingMessage } from 'node:http';
import { TextDecoder } from 'node:util';
import { ApiError } from './api-error.js';
import { MAX_JSON_DEPTH, jsonDepth } from './json-nesting.js';

/** Default limit of a request body: a context-filling prompt is well under 1 MB of JSON. */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

/** How a request body must arrive. */
export interface BodyLimits {
  /** Largest body accepted (413 beyond it). */
  readonly bodyLimitBytes: number;
  /** Slowest average rate accepted once {@link bodyGraceMs} have passed (408 below it). */
  readonly bodyMinBytesPerSecond: number;
  /** Time a body may take before its rate is checked, so short bodies on slow links pass. */
  readonly bodyGraceMs: number;
}

/**
 * Reads a JSON object body: refuses more than `bodyLimitBytes` as soon as the limit is crossed
 * (413, without buffering the rest), a body that trickles in below `bodyMinBytesPerSecond` (408),
 * a media type other than JSON or a charset TextDecoder does not know (415), bytes that are not
 * valid in the declared charset (UTF-8 when none is), and anything that is not a JSON object or
 * nests deeper than {@link MAX_JSON_DEPTH} (400).
 */
export async function readJsonBody(request: IncomingMessage, limits: BodyLimits): Promise<Record<string, unknown>> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limits.bodyLimitBytes) throw tooLarge(declared, limits.bodyLimitBytes);
  const decoder = decoderFor(request.headers['content-type'] ?? '');
  const bytes = await readBody(request, limits);
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    throw new ApiError(400, `The request body is not valid ${decoder.encoding}`, 'invalid_request_error');
  }
  const depth = jsonDepth(text);
  if (depth > MAX_JSON_DEPTH) {
    throw new ApiError(
      400,
      `The request body nests arrays and objects ${depth} deep; at most ${MAX_JSON_DEPTH} levels are allowed`,
      'invalid_request_error',
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new ApiError(
      400,
      `The request body is not valid JSON (${(error as Error).message})`,
      'invalid_request_error',
    );
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ApiError(400, 'The request body must be a JSON object', 'invalid_request_error');
  }
  return body as Record<string, unknown>;
}

/** A strict decoder for `application/json` in its declared charset (UTF-8 by default), or a 415. */
function decoderFor(contentType: string): TextDecoder {
  const [mediaType = '', ...parameters] = contentType.split(';');
  if (mediaType.trim().toLowerCase() !== 'application/json') {
    throw new ApiError(
      415,
      `Content-Type "${contentType.slice(0, 80)}" is not supported: send the body as application/json`,
      'invalid_request_error',
    );
  }
  const charset =
    parameters
      .map((parameter) => /^\s*charset\s*=\s*"?([^"\s]*)"?\s*$/i.exec(parameter)?.[1])
      .find((value) => value !== undefined) ?? 'utf-8';
  try {
    return new TextDecoder(charset, { fatal: true });
  } catch {
    throw new ApiError(
      415,
      `charset "${charset.slice(0, 40)}" is not supported: send the body as UTF-8 (or utf-16le, iso-8859-1, …)`,
      'invalid_request_error',
    );
  }
}

/** The body's bytes, enforcing the size limit and the minimum rate. */
function readBody(request: IncomingMessage, limits: BodyLimits): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const finish = (error?: ApiError): void => {
      clearTimeout(timer);
      request.off('data', onData).off('end', onEnd).off('error', onError);
      if (error === undefined) resolve(Buffer.concat(chunks));
      else reject(error);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limits.bodyLimitBytes) {
        request.pause();
        finish(tooLarge(size, limits.bodyLimitBytes));
      } else chunks.push(chunk);
    };
    const onEnd = (): void => {
      finish();
    };
    const onError = (): void => {
      finish(
        new ApiError(
          400,
          'The request body could not be read: the connection failed while sending it',
          'invalid_request_error',
        ),
      );
    };
    // Checked when the grace period ends, then whenever the bytes so far stop covering the rate.
    const check = (): void => {
      const elapsedMs = performance.now() - started;
      const rate = (size * 1000) / elapsedMs;
      if (rate < limits.bodyMinBytesPerSecond) {
        request.pause();
        finish(
          new ApiError(
            408,
            `The request body arrived at ${rate.toFixed(1)} bytes/s; ` +
              `the minimum is ${limits.bodyMinBytesPerSecond} bytes/s`,
            'invalid_request_error',
            null,
            'request_timeout',
          ),
        );
        return;
      }
      timer = setTimeout(check, Math.max(50, (size * 1000) / limits.bodyMinBytesPerSecond - elapsedMs));
    };
    timer = setTimeout(check, limits.bodyGraceMs);
    request.on('data', onData).on('end', onEnd).on('error', onError);
  });
}

function tooLarge(size: number, limit: number): ApiError {
  return new ApiError(
    413,
    `The request body has at least ${size} bytes; the limit is ${limit} bytes`,
    'invalid_request_error',
    null,
    'request_too_large',
  );
}
