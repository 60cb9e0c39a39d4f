import { HubError } from './hub-error.js';
import type { HubSettings } from './hub-settings.js';
import { type RepoReference, checkRepoFile } from './repo-reference.js';

/** What a `HEAD …/resolve/{revision}/{file}` tells: enough to place the file in the cache and fetch it. */
export interface FileMetadata {
  /** `X-Repo-Commit`: the commit the revision resolved to. */
  readonly commit: string;
  /** `X-Linked-Etag` (an LFS file's SHA-256) else `ETag` (a small file's git blob SHA-1), unquoted. */
  readonly etag: string;
  /** `X-Linked-Size`, else the response's `Content-Length`; undefined when the Hub gives neither. */
  readonly size: number | undefined;
  /** Where to GET the bytes: the redirect target of an LFS file, else the resolve URL. */
  readonly location: string;
}

/** One entry of `/api/models/{repo}/tree/{revision}?recursive=true`. */
export interface TreeEntry {
  readonly path: string;
  readonly type: 'file' | 'directory';
  readonly size: number;
  /** The SHA-256 of an LFS file. */
  readonly lfsOid?: string;
}

/** Files of a repo at one commit. */
export interface RepoListing {
  readonly commit: string;
  readonly files: readonly TreeEntry[];
}

/** How long a request may wait for its response headers, and a download for its next bytes. */
export interface HubTimeouts {
  /** Default 30 s (huggingface_hub waits 10 s for a HEAD). */
  readonly headersMs: number;
  /** Default 60 s; a stalled body is then treated as a dropped connection, and resumed. */
  readonly stallMs: number;
}

export const DEFAULT_TIMEOUTS: HubTimeouts = { headersMs: 30_000, stallMs: 60_000 };

const MAX_REDIRECTS = 10;
const USER_AGENT = 'fewshot-hub/0.1';

/**
 * The Hub's HTTP protocol as huggingface_hub speaks it. The token goes to the endpoint's host
 * only: a redirect to another host (the storage of LFS files) is followed without it.
 */
export class HubClient {
  readonly #host: string;

  constructor(
    readonly settings: HubSettings,
    private readonly fetchImpl: typeof fetch = fetch,
    private readonly timeouts: HubTimeouts = DEFAULT_TIMEOUTS,
  ) {
    this.#host = new URL(settings.endpoint).host;
  }

  /** The URL huggingface_hub's `hf_hub_url` builds. */
  resolveUrl(repo: RepoReference, file: string): string {
    checkRepoFile(file);
    const path = file.split('/').map(encodeURIComponent).join('/');
    return `${this.settings.endpoint}/${repo.repoId}/resolve/${encodeURIComponent(repo.revision)}/${path}`;
  }

  /**
   * `HEAD` of a file: follows redirects on the endpoint's host (a renamed repo), stops at one to
   * another host and reads the metadata from that redirect itself, as huggingface_hub does.
   */
  async fileMetadata(repo: RepoReference, file: string, signal?: AbortSignal): Promise<FileMetadata> {
    let url = this.resolveUrl(repo, file);
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const response = await this.#request('HEAD', url, { 'Accept-Encoding': 'identity' }, { repo, file }, signal);
      const location = response.headers.get('location');
      const redirect =
        response.status >= 300 && response.status < 400 && location !== null ? new URL(location, url).href : undefined;
      if (redirect !== undefined && new URL(redirect).host === this.#host) {
        url = redirect;
        continue;
      }
      const commit = response.headers.get('x-repo-commit');
      const etag = response.headers.get('x-linked-etag') ?? response.headers.get('etag');
      if (commit === null || etag === null) {
        const missing = commit === null ? 'X-Repo-Commit' : 'ETag';
        throw new HubError(
          'HttpError',
          `${describe(repo, file)}: the endpoint ${this.settings.endpoint} sent no ${missing} header`,
        );
      }
      const size =
        response.headers.get('x-linked-size') ??
        (redirect === undefined ? response.headers.get('content-length') : null);
      const bytes = size === null ? undefined : Number(size);
      if (bytes !== undefined && !(Number.isSafeInteger(bytes) && bytes >= 0)) {
        throw new HubError('HttpError', `${describe(repo, file)}: the endpoint sent the size ${JSON.stringify(size)}`);
      }
      return {
        commit: cacheName(commit, 'X-Repo-Commit', describe(repo, file)),
        etag: cacheName(normalizeEtag(etag), 'ETag', describe(repo, file)),
        size: bytes,
        location: redirect ?? url,
      };
    }
    throw new HubError('HttpError', `${describe(repo, file)}: more than ${MAX_REDIRECTS} redirects`);
  }

  /**
   * `GET` of a file's bytes from `start` (an HTTP Range), redirects followed by hand so the token
   * never leaves the endpoint's host. The response is 200 (whole file) or 206 (from `start`).
   */
  async download(
    location: string,
    start: number,
    what: { repo: RepoReference; file: string },
    signal?: AbortSignal,
  ): Promise<Response> {
    let url = location;
    const headers: Record<string, string> = start > 0 ? { Range: `bytes=${start}-` } : {};
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const response = await this.#request('GET', url, headers, what, signal);
      const next = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || next === null) return response;
      await response.body?.cancel();
      url = new URL(next, url).href;
    }
    throw new HubError('HttpError', `${describe(what.repo, what.file)}: more than ${MAX_REDIRECTS} redirects`);
  }

  /**
   * The commit a revision names and the files at that commit, from `/api/models/{repo}/revision/{rev}`
   * and `/api/models/{repo}/tree/{commit}?recursive=true` (pages followed by their `Link: rel="next"`).
   */
  async listFiles(repo: RepoReference, signal?: AbortSignal): Promise<RepoListing> {
    const base = `${this.settings.endpoint}/api/models/${repo.repoId}`;
    const info = await this.#json(`${base}/revision/${encodeURIComponent(repo.revision)}`, repo, signal);
    const commit = (info as { sha?: unknown }).sha;
    if (typeof commit !== 'string')
      throw new HubError('HttpError', `${describe(repo)}: the revision listing has no sha`);
    cacheName(commit, 'sha', describe(repo));
    const files: TreeEntry[] = [];
    let url: string | undefined = `${base}/tree/${commit}?recursive=true`;
    while (url !== undefined) {
      const response = await this.#request('GET', url, { Accept: 'application/json' }, { repo }, signal);
      const page = await readJson(response, url);
      if (!Array.isArray(page))
        throw new HubError('HttpError', `${describe(repo)}: the tree listing ${url} is not a JSON array`);
      for (const entry of page as Record<string, unknown>[]) files.push(treeEntry(entry));
      url = nextLink(response.headers.get('link'), url);
    }
    return { commit, files };
  }

  async #json(url: string, repo: RepoReference, signal?: AbortSignal): Promise<unknown> {
    return readJson(await this.#request('GET', url, { Accept: 'application/json' }, { repo }, signal), url);
  }

  async #request(
    method: 'GET' | 'HEAD',
    url: string,
    headers: Record<string, string>,
    what: { repo: RepoReference; file?: string },
    signal?: AbortSignal,
  ): Promise<Response> {
    const sent: Record<string, string> = { 'User-Agent': USER_AGENT, ...headers };
    if (this.settings.token !== undefined && new URL(url).host === this.#host)
      sent.Authorization = `Bearer ${this.settings.token}`;
    // One controller for the whole exchange: the caller's abort, no headers in time, or a body
    // that stops sending ends it. Only the headers wait is bounded: a large file may take hours.
    const controller = new AbortController();
    const abort = (): void => {
      controller.abort(signal?.reason);
    };
    signal?.addEventListener('abort', abort, { once: true });
    const headersMs = this.timeouts.headersMs;
    const headersTimer = setTimeout(() => {
      controller.abort(timeoutError(`no answer within ${headersMs / 1000} s`));
    }, headersMs);
    let response: Response;
    try {
      response = await this.fetchImpl(url, { method, headers: sent, redirect: 'manual', signal: controller.signal });
    } catch (error) {
      signal?.removeEventListener('abort', abort);
      if (signal?.aborted === true)
        throw new HubError('Aborted', `${describe(what.repo, what.file)}: download aborted`);
      const cause = error instanceof Error ? causeOf(error) : String(error);
      throw new HubError(
        'Unreachable',
        `cannot reach ${new URL(url).origin} for ${describe(what.repo, what.file)}: ${cause}`,
      );
    } finally {
      clearTimeout(headersTimer);
    }
    if (method === 'GET' && response.ok && response.body !== null) {
      response = watchForStall(response, controller, this.timeouts.stallMs, () => {
        signal?.removeEventListener('abort', abort);
      });
    } else {
      signal?.removeEventListener('abort', abort);
    }
    if (response.status >= 400) {
      await response.body?.cancel();
      throw hubErrorOf(response, what.repo, what.file);
    }
    return response;
  }
}

/** `W/"abc"` or `"abc"` → `abc`, as huggingface_hub normalises it into a blob name. */
export function normalizeEtag(etag: string): string {
  return etag.replace(/^W\//, '').replace(/^"|"$/g, '');
}

/**
 * A commit or etag, which becomes a folder or file name in the cache: only letters, digits and
 * `-_.`, so a server cannot place files outside it.
 */
function cacheName(value: string, field: string, what: string): string {
  if (!/^[\w.-]{1,128}$/.test(value) || /^\.+$/.test(value)) {
    const shown = JSON.stringify(value.slice(0, 80));
    throw new HubError('HttpError', `${what}: the endpoint sent ${field} ${shown}, not a name`);
  }
  return value;
}

/** `org/name@rev` and the file, for messages. */
export function describe(repo: RepoReference, file?: string): string {
  return `${file === undefined ? '' : `${file} of `}${repo.repoId}@${repo.revision}`;
}

function hubErrorOf(response: Response, repo: RepoReference, file: string | undefined): HubError {
  const code = response.headers.get('x-error-code');
  const serverMessage = response.headers.get('x-error-message');
  const detail = serverMessage === null ? '' : ` (${serverMessage.replaceAll(/\s+/g, ' ')})`;
  switch (code) {
    case 'RepoNotFound':
      return new HubError(
        'RepoNotFound',
        `repository ${repo.repoId} not found (HTTP ${response.status}); if it is private, set HF_TOKEN${detail}`,
      );
    case 'RevisionNotFound':
      return new HubError('RevisionNotFound', `revision ${repo.revision} not found in ${repo.repoId}${detail}`);
    case 'EntryNotFound':
      return new HubError('EntryNotFound', `${file ?? 'file'} not found in ${repo.repoId}@${repo.revision}${detail}`);
    case 'GatedRepo':
      return new HubError(
        'GatedRepo',
        `${repo.repoId} is gated: accept its conditions on the Hub, then set HF_TOKEN${detail}`,
      );
    case null:
    default:
      if (response.status === 401 || response.status === 403) {
        return new HubError(
          'Unauthorized',
          `${describe(repo, file)}: HTTP ${response.status}, the token is missing or not allowed${detail}`,
        );
      }
      return new HubError(
        'HttpError',
        `${describe(repo, file)}: HTTP ${response.status} from ${new URL(response.url || 'http://x').host}${detail}`,
      );
  }
}

async function readJson(response: Response, url: string): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new HubError('HttpError', `${url} did not answer JSON`);
  }
}

function treeEntry(entry: Record<string, unknown>): TreeEntry {
  const lfs = entry.lfs as { oid?: unknown } | undefined;
  const { path, type, size } = entry;
  if (typeof path !== 'string' || (type !== 'file' && type !== 'directory')) {
    throw new HubError('HttpError', `a tree entry is not a file or directory: ${JSON.stringify(entry).slice(0, 120)}`);
  }
  return {
    path,
    type,
    size: typeof size === 'number' ? size : 0,
    ...(typeof lfs?.oid === 'string' ? { lfsOid: lfs.oid } : {}),
  };
}

/** The `rel="next"` URL of an RFC 8288 `Link` header. */
function nextLink(header: string | null, base: string): string | undefined {
  const match = header === null ? null : /<([^>]+)>;\s*rel="?next"?/.exec(header);
  return match?.[1] === undefined ? undefined : new URL(match[1], base).href;
}

/** undici wraps the socket error (ECONNREFUSED, ENOTFOUND) in `cause`. */
function causeOf(error: Error): string {
  const cause = error.cause;
  if (cause instanceof Error) return 'code' in cause ? `${String(cause.code)} ${cause.message}` : cause.message;
  return error.message;
}

function timeoutError(message: string): Error {
  return new DOMException(message, 'TimeoutError');
}

/** The response with its body aborted when no bytes come for `stallMs`; `done` runs when the body ends. */
function watchForStall(response: Response, controller: AbortController, stallMs: number, done: () => void): Response {
  let idle: ReturnType<typeof setTimeout> | undefined;
  const arm = (): void => {
    clearTimeout(idle);
    idle = setTimeout(() => {
      controller.abort(timeoutError(`no data for ${stallMs / 1000} s`));
    }, stallMs);
  };
  const stop = (): void => {
    clearTimeout(idle);
    done();
  };
  arm();
  const body = response.body?.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, output) {
        arm();
        output.enqueue(chunk);
      },
      flush: stop,
    }),
  );
  controller.signal.addEventListener('abort', stop, { once: true });
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}
