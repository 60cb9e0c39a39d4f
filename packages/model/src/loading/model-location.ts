import { type FetchContext, fetchFile } from './fetch-file.js';
import { ModelFetchError } from './model-fetch-error.js';

/** Where the Hub serves files and its API unless a location names another endpoint. */
export const DEFAULT_HUB_ENDPOINT = 'https://huggingface.co';
export const DEFAULT_HUB_REVISION = 'main';

/** A model directory served over HTTP(S): `config.json` is at `new URL('config.json', url)`. */
export interface UrlModelLocation {
  /** The directory's URL; a relative one resolves against the page's address in a browser. */
  readonly url: string | URL;
  /** The directory's file names, when known (e.g. from a listing): files not in it are not requested. */
  readonly files?: readonly string[];
}

/** A Hugging Face Hub model repo, read through `{endpoint}/{repo}/resolve/{revision}/{file}`. */
export interface HubModelLocation {
  /** `org/name` or `name`. */
  readonly repo: string;
  /** A branch, tag or commit; default `main`. */
  readonly revision?: string;
  /** Default {@link DEFAULT_HUB_ENDPOINT}; a mirror or a test server speaking the Hub's protocol. */
  readonly endpoint?: string;
  /** An access token for private and gated repos, sent as `Authorization: Bearer`. */
  readonly token?: string;
}

export type ModelLocation = UrlModelLocation | HubModelLocation;

/** A location made concrete: one URL per file, and the listing when there is one. */
export interface ResolvedLocation {
  /** The model's name: the repo id, or the directory URL's last path segment. */
  readonly name: string;
  /** The files present, or undefined when unknown (absent optional files are then found by their 404). */
  readonly files: ReadonlySet<string> | undefined;
  /** A Hub repo's commit, which every file is read at (so a push during the load cannot mix two). */
  readonly commit: string | undefined;
  /** Headers every request sends (the token). */
  readonly headers: Readonly<Record<string, string>>;
  fileUrl(file: string): string;
}

// huggingface_hub's validate_repo_id: letters, digits, `-_.`, at most one `/`, no `--` or `..`,
// no leading or trailing `-`/`.` in either part, at most 96 characters each.
const REPO_ID = /^(?:[\w\-.]{1,96}\/)?[\w\-.]{1,96}$/;
const COMMIT = /^[0-9a-f]{40}$/;

/**
 * Resolves `location`. A Hub repo costs one request, `GET {endpoint}/api/models/{repo}/revision/{revision}`,
 * which answers the commit the revision points at and the repo's file names.
 */
export async function resolveModelLocation(
  location: ModelLocation,
  context: Omit<FetchContext, 'headers' | 'onProgress'>,
): Promise<ResolvedLocation> {
  if ('url' in location) return resolveUrl(location);
  const { repo, revision = DEFAULT_HUB_REVISION, token } = location;
  if (!isRepoId(repo)) {
    throw new RangeError(
      `repo = ${JSON.stringify(repo)} is invalid: expected org/name or name (letters, digits, - _ .)`,
    );
  }
  if (revision === '' || revision.length > 256 || /\s/.test(revision)) {
    throw new RangeError(`revision = ${JSON.stringify(revision)} is invalid: expected a branch, tag or commit name`);
  }
  const endpoint = hubEndpoint(location.endpoint);
  const headers: Record<string, string> = token === undefined ? {} : { Authorization: `Bearer ${token}` };
  const apiUrl = `${endpoint}/api/models/${repo}/revision/${encodeURIComponent(revision)}`;
  const answer = await fetchFile(apiUrl, 'revision', { ...context, headers, onProgress: undefined });
  if (!answer.found)
    throw new ModelFetchError(apiUrl, 404, undefined, `answered 404: is ${endpoint} a Hugging Face Hub endpoint?`);
  const info = parseRevisionInfo(answer.bytes, apiUrl);
  return {
    name: repo,
    files: new Set(info.files),
    commit: info.commit,
    headers,
    fileUrl: (file) =>
      `${endpoint}/${repo}/resolve/${info.commit}/${file.split('/').map(encodeURIComponent).join('/')}`,
  };
}

function resolveUrl(location: UrlModelLocation): ResolvedLocation {
  const page = (globalThis as { location?: { href?: string } }).location?.href;
  let base: URL;
  try {
    base = new URL(String(location.url), page);
  } catch {
    throw new RangeError(
      `url = ${JSON.stringify(String(location.url))} is invalid: ` +
        'expected an absolute URL (or, in a page, a relative one)',
    );
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new RangeError(`url = ${JSON.stringify(base.href)} is invalid: expected an http: or https: URL`);
  }
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  const segments = base.pathname.split('/').filter((segment) => segment !== '');
  const last = segments.at(-1);
  return {
    name: last === undefined ? base.host : decodeURIComponent(last),
    files: location.files === undefined ? undefined : new Set(location.files),
    commit: undefined,
    headers: {},
    fileUrl: (file) => new URL(file.split('/').map(encodeURIComponent).join('/'), base).href,
  };
}

function hubEndpoint(endpoint: string | undefined): string {
  const text = endpoint ?? DEFAULT_HUB_ENDPOINT;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new RangeError(`endpoint = ${JSON.stringify(text)} is invalid: expected an http: or https: URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new RangeError(`endpoint = ${JSON.stringify(text)} is invalid: expected an http: or https: URL`);
  }
  return url.href.replace(/\/+$/, '');
}

function isRepoId(text: string): boolean {
  return REPO_ID.test(text) && !text.includes('--') && !text.includes('..') && !/(^|\/)[-.]|[-.]($|\/)/.test(text);
}

/** The commit and file names of the Hub's revision answer `{ sha, siblings: [{ rfilename }] }`. */
function parseRevisionInfo(bytes: Uint8Array, url: string): { commit: string; files: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new ModelFetchError(url, 200, undefined, `answered something that is not JSON: ${(error as Error).message}`);
  }
  const { sha, siblings } = (typeof json === 'object' && json !== null ? json : {}) as {
    sha?: unknown;
    siblings?: unknown;
  };
  if (typeof sha !== 'string' || !COMMIT.test(sha)) {
    throw new ModelFetchError(
      url,
      200,
      undefined,
      `answered sha = ${JSON.stringify(sha)}; expected a 40-digit commit hash`,
    );
  }
  if (!Array.isArray(siblings)) throw new ModelFetchError(url, 200, undefined, 'answered no siblings list');
  const files = siblings.map((sibling: unknown) => (sibling as { rfilename?: unknown } | null)?.rfilename);
  const odd = files.findIndex((file) => typeof file !== 'string');
  if (odd >= 0) {
    const value = files[odd] === undefined ? 'missing' : JSON.stringify(files[odd]);
    throw new ModelFetchError(
      url,
      200,
      undefined,
      `answered siblings[${String(odd)}].rfilename = ${value}; expected a file name`,
    );
  }
  return { commit: sha, files: files as string[] };
}
