import { createHash } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A repo the test Hub serves: its commits' files and the refs (branches, tags) that name them. */
export interface TestRepo {
  readonly commits: Readonly<Record<string, Readonly<Record<string, Uint8Array>>>>;
  readonly refs: Readonly<Record<string, string>>;
  /** When set, requests must carry `Authorization: Bearer {token}`, else RepoNotFound as 401. */
  readonly token?: string;
  /** Answers every file request with 403 GatedRepo. */
  readonly gated?: boolean;
  /** The repo was renamed: its resolve URLs redirect (307, same host) to this repo's. */
  readonly renamedTo?: string;
  /** Sends this `ETag` for every small file instead of the git blob SHA-1 (a hostile server). */
  readonly etag?: string;
}

/** How the storage host misbehaves for an LFS file, by its SHA-256. */
export type StorageFault = 'truncate-once' | 'truncate-always' | 'stall-once' | 'corrupt' | 'oversize' | 'ignore-range';

export interface RecordedRequest {
  readonly method: string;
  readonly host: string;
  readonly path: string;
  readonly authorization: string | undefined;
  readonly range: string | undefined;
}

export interface TestHub {
  /** `http://127.0.0.1:{port}`: the endpoint, for `HF_ENDPOINT`. */
  readonly endpoint: string;
  readonly requests: RecordedRequest[];
  readonly faults: Map<string, StorageFault>;
  close(): Promise<void>;
}

/** Files stored with Git LFS on the Hub, served by redirect to the storage host. */
const LFS_FILE = /\.(safetensors|bin|h5|msgpack|onnx)$/;
const TREE_PAGE = 4;

/** The git blob SHA-1 of `bytes`: a small file's ETag on the Hub. */
export function gitBlobSha1(bytes: Uint8Array): string {
  return createHash('sha1').update(`blob ${bytes.byteLength}\0`).update(bytes).digest('hex');
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * A local server speaking the Hub's file protocol on 127.0.0.1: `HEAD`/`GET
 * /{repo}/resolve/{revision}/{file}` with `X-Repo-Commit` and `ETag`, LFS files redirected (302)
 * to a second host name (`localhost`, same port) with `X-Linked-Etag`/`X-Linked-Size`, byte
 * ranges there, `/api/models/{repo}/revision/{rev}` and a paginated `/tree/{rev}`, and errors
 * by `X-Error-Code`. For tests of `@fewshot/hub` and of the tools built on it.
 */
export async function startTestHub(repos: Readonly<Record<string, TestRepo>>): Promise<TestHub> {
  const requests: RecordedRequest[] = [];
  const faults = new Map<string, StorageFault>();
  const blobs = new Map<string, Uint8Array>();
  for (const repo of Object.values(repos)) {
    for (const files of Object.values(repo.commits))
      for (const bytes of Object.values(files)) blobs.set(sha256(bytes), bytes);
  }
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    requests.push({
      method: request.method ?? '',
      host: request.headers.host ?? '',
      path: url.pathname,
      authorization: request.headers.authorization,
      range: request.headers.range,
    });
    try {
      route(request, response, url);
    } catch (error) {
      response.writeHead(500).end(String(error));
    }
  });

  function route(request: IncomingMessage, response: ServerResponse, url: URL): void {
    const path = decodeURIComponent(url.pathname);
    const storage = /^\/lfs\/([0-9a-f]{64})$/.exec(url.pathname);
    if (storage?.[1] !== undefined) {
      serveStorage(request, response, storage[1]);
      return;
    }
    const api = /^\/api\/models\/(.+?)\/(revision|tree)\/([^/]+)$/.exec(path);
    if (api !== null) {
      const [, repoId = '', kind, revision = ''] = api;
      const found = lookup(request, response, repoId, revision);
      if (found === undefined) return;
      if (kind === 'revision') {
        const siblings = Object.keys(found.files).map((rfilename) => ({ rfilename }));
        json(response, { id: repoId, sha: found.commit, siblings });
        return;
      }
      const entries = Object.entries(found.files).map(([file, bytes]) => ({
        type: 'file',
        oid: gitBlobSha1(bytes),
        size: bytes.byteLength,
        path: file,
        ...(LFS_FILE.test(file) ? { lfs: { oid: sha256(bytes), size: bytes.byteLength, pointerSize: 134 } } : {}),
      }));
      const start = Number(url.searchParams.get('cursor') ?? 0);
      const next = start + TREE_PAGE;
      if (next < entries.length) {
        response.setHeader('Link', `<${url.pathname}?recursive=true&cursor=${next}>; rel="next"`);
      }
      json(response, entries.slice(start, next));
      return;
    }
    const resolve = /^\/(.+?)\/resolve\/([^/]+)\/(.+)$/.exec(path);
    if (resolve === null || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404).end();
      return;
    }
    const [, repoId = '', revision = '', file = ''] = resolve;
    const renamed = repos[repoId]?.renamedTo;
    if (renamed !== undefined) {
      response.writeHead(307, { Location: `/${renamed}/resolve/${encodeURIComponent(revision)}/${file}` }).end();
      return;
    }
    const found = lookup(request, response, repoId, revision);
    if (found === undefined) return;
    const bytes = found.files[file];
    if (bytes === undefined) {
      fail(response, 404, 'EntryNotFound', `${file} does not exist`, found.commit);
      return;
    }
    response.setHeader('X-Repo-Commit', found.commit);
    if (LFS_FILE.test(file)) {
      const hash = sha256(bytes);
      const port = (server.address() as AddressInfo).port;
      response.writeHead(302, {
        Location: `http://localhost:${port}/lfs/${hash}`,
        ETag: `"${gitBlobSha1(bytes)}"`,
        'X-Linked-Etag': `"${hash}"`,
        'X-Linked-Size': String(bytes.byteLength),
        'Content-Length': '0',
      });
      response.end();
      return;
    }
    const etag = repos[repoId]?.etag ?? gitBlobSha1(bytes);
    response.writeHead(200, { ETag: `"${etag}"`, 'Content-Length': String(bytes.byteLength) });
    response.end(request.method === 'HEAD' ? undefined : bytes);
  }

  function lookup(
    request: IncomingMessage,
    response: ServerResponse,
    repoId: string,
    revision: string,
  ): { commit: string; files: Readonly<Record<string, Uint8Array>> } | undefined {
    const repo = repos[repoId];
    if (repo === undefined || (repo.token !== undefined && request.headers.authorization !== `Bearer ${repo.token}`)) {
      fail(response, 401, 'RepoNotFound', 'Repository not found');
      return undefined;
    }
    if (repo.gated === true) {
      fail(response, 403, 'GatedRepo', 'Access to this model is restricted');
      return undefined;
    }
    const commit = repo.refs[revision] ?? (revision in repo.commits ? revision : undefined);
    const files = commit === undefined ? undefined : repo.commits[commit];
    if (commit === undefined || files === undefined) {
      fail(response, 404, 'RevisionNotFound', `Invalid rev id: ${revision}`);
      return undefined;
    }
    return { commit, files };
  }

  function serveStorage(request: IncomingMessage, response: ServerResponse, hash: string): void {
    const stored = blobs.get(hash);
    if (stored === undefined) {
      response.writeHead(404).end();
      return;
    }
    const fault = faults.get(hash);
    let bytes = stored;
    if (fault === 'corrupt') bytes = Uint8Array.from(stored, (byte, i) => (i === 0 ? byte ^ 0xff : byte));
    if (fault === 'oversize') bytes = new Uint8Array([...stored, 0]);
    const range = /^bytes=(\d+)-$/.exec(request.headers.range ?? '');
    const start = range?.[1] === undefined || fault === 'ignore-range' ? 0 : Number(range[1]);
    const body = bytes.subarray(start);
    if (start > 0) {
      response.writeHead(206, {
        'Content-Range': `bytes ${start}-${bytes.byteLength - 1}/${bytes.byteLength}`,
        'Content-Length': String(body.byteLength),
      });
    } else {
      response.writeHead(200, { 'Content-Length': String(body.byteLength) });
    }
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    if (fault === 'stall-once') {
      // Half of the file, then silence on an open connection.
      faults.delete(hash);
      response.write(body.subarray(0, Math.floor(body.byteLength / 2)));
      return;
    }
    if (fault === 'truncate-once' || fault === 'truncate-always') {
      if (fault === 'truncate-once') faults.delete(hash);
      // Half of the file, then the connection drops: an interrupted download. Always: a resumed
      // request gets nothing before the drop.
      const sent = start === 0 ? Math.floor(body.byteLength / 2) : 0;
      response.write(body.subarray(0, sent), () => response.destroy());
      return;
    }
    response.end(body);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

function json(response: ServerResponse, value: unknown): void {
  const body = JSON.stringify(value);
  response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) });
  response.end(body);
}

function fail(response: ServerResponse, status: number, code: string, message: string, commit?: string): void {
  response.writeHead(status, {
    'X-Error-Code': code,
    'X-Error-Message': message,
    ...(commit === undefined ? {} : { 'X-Repo-Commit': commit }),
  });
  response.end(JSON.stringify({ error: message }));
}
