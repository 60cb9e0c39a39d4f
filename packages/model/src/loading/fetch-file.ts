import { ModelFetchError } from './model-fetch-error.js';

/** How far one file's download has come. */
export interface FileProgress {
  /** The file's name in the model directory or repo, e.g. `model.safetensors`. */
  readonly file: string;
  readonly loaded: number;
  /** From `Content-Length`; undefined when the server does not say, or sends the file compressed. */
  readonly total: number | undefined;
}

/** What every request of one model load shares. */
export interface FetchContext {
  /** The `fetch` to call: the global one by default (browsers, Node ≥ 18). */
  readonly fetch: typeof globalThis.fetch;
  readonly headers: Readonly<Record<string, string>>;
  readonly signal: AbortSignal | undefined;
  readonly onProgress: ((progress: FileProgress) => void) | undefined;
}

/** A fetched file, or the 404 that says it is absent. */
export type FetchedFile = { readonly found: true; readonly bytes: Uint8Array } | { readonly found: false };

/**
 * GETs `url` (the file `file` of a model) and reads its body chunk by chunk, reporting progress
 * after each. A 404 that does not say the repo or revision is missing (no `X-Error-Code`, or
 * `EntryNotFound`) is `{ found: false }`; any other failure is a {@link ModelFetchError} naming
 * the URL, the status and the Hub's error code. A body shorter or longer than its
 * `Content-Length` is an error too (a dropped connection must not pass for a small file).
 */
export async function fetchFile(url: string, file: string, context: FetchContext): Promise<FetchedFile> {
  let response: Response;
  try {
    response = await context.fetch(url, { headers: context.headers, signal: context.signal });
  } catch (error) {
    if (context.signal?.aborted === true) throw context.signal.reason;
    throw new ModelFetchError(url, undefined, undefined, `the request failed: ${(error as Error).message}`);
  }
  const code = response.headers.get('X-Error-Code') ?? undefined;
  if (response.status === 404 && (code === undefined || code === 'EntryNotFound')) {
    await response.body?.cancel();
    return { found: false };
  }
  if (!response.ok) {
    const message = response.headers.get('X-Error-Message');
    await response.body?.cancel();
    const reason = code === undefined ? '' : ` (${code}${message === null ? '' : `: ${message}`})`;
    throw new ModelFetchError(
      url,
      response.status,
      code,
      `answered ${String(response.status)} ${response.statusText}${reason}`,
    );
  }
  return { found: true, bytes: await readBody(response, url, file, context) };
}

async function readBody(response: Response, url: string, file: string, context: FetchContext): Promise<Uint8Array> {
  const encoded = (response.headers.get('Content-Encoding') ?? 'identity') !== 'identity';
  const length = Number(response.headers.get('Content-Length') ?? Number.NaN);
  // A compressed body's Content-Length counts the compressed bytes, not the ones read here.
  const total = !encoded && Number.isSafeInteger(length) && length >= 0 ? length : undefined;
  const report = (loaded: number): void => context.onProgress?.({ file, loaded, total });
  if (response.body === null) {
    report(0);
    return new Uint8Array(0);
  }
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  // With a known length the bytes go straight into one buffer: a model's weights are not copied twice.
  const whole = total === undefined ? undefined : new Uint8Array(total);
  const reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
  report(0);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (whole !== undefined) {
        if (loaded + value.byteLength > whole.byteLength) {
          throw new ModelFetchError(
            url,
            response.status,
            undefined,
            `sent more than its Content-Length of ${String(total)} bytes`,
          );
        }
        whole.set(value, loaded);
      } else {
        chunks.push(value);
      }
      loaded += value.byteLength;
      report(loaded);
    }
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    if (context.signal?.aborted === true) throw context.signal.reason;
    if (error instanceof ModelFetchError) throw error;
    throw new ModelFetchError(
      url,
      response.status,
      undefined,
      `the transfer broke off after ${String(loaded)} bytes: ${(error as Error).message}`,
    );
  } finally {
    reader.releaseLock();
  }
  if (whole !== undefined) {
    if (loaded !== whole.byteLength) {
      throw new ModelFetchError(
        url,
        response.status,
        undefined,
        `ended after ${String(loaded)} of its ${String(total)} bytes (truncated)`,
      );
    }
    return whole;
  }
  const joined = new Uint8Array(loaded);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return joined;
}
