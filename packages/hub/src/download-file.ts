import { createReadStream } from 'node:fs';
import { type FileHandle, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { syncDirectory } from '@fewshot/common/node';
import { etagCheck } from './content-hash.js';
import { acquireFileLock } from './file-lock.js';
import { HubClient, type HubTimeouts, describe } from './hub-client.js';
import { HubCache } from './hub-cache.js';
import { HubError } from './hub-error.js';
import { type HubSettings, hubSettings } from './hub-settings.js';
import type { RepoReference } from './repo-reference.js';

/** Bytes of one file received so far; `total` when the Hub told the size. */
export interface DownloadProgress {
  readonly repoId: string;
  readonly file: string;
  readonly bytes: number;
  readonly total: number | undefined;
}

export interface DownloadOptions {
  readonly settings?: HubSettings;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: DownloadProgress) => void;
  /** The `fetch` to use (tests pass their own). */
  readonly fetch?: typeof fetch;
  /** Waits for response headers and between body bytes (defaults: 30 s and 60 s). */
  readonly timeouts?: HubTimeouts;
}

/** A file in the cache: its snapshot path (a symlink to the blob) and the commit it belongs to. */
export interface CachedFile {
  readonly path: string;
  readonly commit: string;
}

/** Tries after a connection drop or a short body before giving up; each must bring new bytes. */
const RESUME_TRIES = 3;

/**
 * `hf_hub_download` into the shared cache: a file already in the snapshot of the revision's commit
 * is returned without a download; otherwise `HEAD` gives its commit, etag and size, and the bytes
 * go to `blobs/{etag}.incomplete` (resumed with an HTTP Range after an interruption), are checked
 * for size and hash, fsynced, and renamed to `blobs/{etag}` under a lock. Offline (`HF_HUB_OFFLINE`
 * or `settings.offline`) or when the Hub cannot be reached, the cache alone answers, and a file it
 * lacks is a {@link HubError} that names it.
 */
export async function downloadFile(
  repo: RepoReference,
  file: string,
  options: DownloadOptions = {},
): Promise<CachedFile> {
  const settings = options.settings ?? hubSettings();
  const cache = new HubCache(settings.cacheDir);
  const cached = await findCachedFile(cache, repo, file);
  if (settings.offline) {
    if (cached !== undefined) return cached;
    throw new HubError(
      'OfflineMissing',
      `${describe(repo, file)} is not in the cache ${settings.cacheDir} and downloads are off (HF_HUB_OFFLINE)`,
    );
  }
  // A commit hash names immutable content: what the cache holds is that file.
  if (cached?.commit === repo.revision) return cached;
  const client = new HubClient(settings, options.fetch, options.timeouts);
  let metadata;
  try {
    metadata = await client.fileMetadata(repo, file, options.signal);
  } catch (error) {
    if (
      cached !== undefined &&
      error instanceof HubError &&
      (error.code === 'Unreachable' || error.code === 'HttpError')
    )
      return cached;
    throw error;
  }
  const { commit, etag } = metadata;
  const pointer = cache.pointerPath(repo.repoId, commit, file);
  await mkdir(dirname(cache.blobPath(repo.repoId, etag)), { recursive: true });
  await cache.writeRef(repo.repoId, repo.revision, commit);
  if (await cache.hasFile(repo.repoId, commit, file)) return { path: pointer, commit };
  const blob = cache.blobPath(repo.repoId, etag);
  const release = await acquireFileLock(cache.lockPath(repo.repoId, etag), options.signal);
  try {
    if (!(await exists(blob))) await fetchBlob(client, repo, file, metadata, blob, options);
    await cache.linkSnapshot(repo.repoId, commit, file, etag);
  } finally {
    await release();
  }
  return { path: pointer, commit };
}

/** The cached file of the revision's commit (via `refs/` for a branch or tag), if present. */
export async function findCachedFile(
  cache: HubCache,
  repo: RepoReference,
  file: string,
): Promise<CachedFile | undefined> {
  const commit = await cache.commitOf(repo.repoId, repo.revision);
  if (commit === undefined || !(await cache.hasFile(repo.repoId, commit, file))) return undefined;
  return { path: cache.pointerPath(repo.repoId, commit, file), commit };
}

async function fetchBlob(
  client: HubClient,
  repo: RepoReference,
  file: string,
  metadata: { etag: string; size: number | undefined; location: string },
  blob: string,
  options: DownloadOptions,
): Promise<void> {
  const { etag, size, location } = metadata;
  const incomplete = `${blob}.incomplete`;
  const what = describe(repo, file);
  let reported = -1;
  const report = (bytes: number): void => {
    if (bytes === reported) return;
    reported = bytes;
    options.onProgress?.({ repoId: repo.repoId, file, bytes, total: size });
  };
  let written = (await stat(incomplete).catch(() => undefined))?.size ?? 0;
  if (size !== undefined && written > size) {
    await rm(incomplete, { force: true });
    written = 0;
  }
  let check = etagCheck(etag, size);
  if (check !== undefined && written > 0) await hashFile(incomplete, check.hash);
  const handle = await open(incomplete, written > 0 ? 'r+' : 'w');
  // Bytes that came as sent are kept for the next try to resume; bytes shown wrong are deleted.
  let corrupt = false;
  try {
    let tries = 0;
    while (size === undefined || written < size) {
      report(written);
      const response = await client.download(location, written, { repo, file }, options.signal);
      if (written > 0 && response.status !== 206) {
        // The server ignored the Range: start over.
        await handle.truncate(0);
        written = 0;
        check = etagCheck(etag, size);
      }
      const before = written;
      const progress = { at: written };
      try {
        await writeBody(response, handle, progress, size, check?.hash, report, what);
      } catch (error) {
        corrupt = error instanceof HubError && error.code === 'IntegrityError';
        if (error instanceof HubError || options.signal?.aborted === true) throw error;
        // A dropped connection: resume below while tries that bring bytes remain.
      } finally {
        written = progress.at;
      }
      if (size === undefined) break;
      tries = written > before ? 0 : tries + 1;
      if (written < size && tries >= RESUME_TRIES) {
        throw new HubError(
          'IntegrityError',
          `${what}: the download stopped at ${written} of ${size} bytes; run again to resume`,
        );
      }
    }
    report(written);
    await handle.sync();
  } catch (error) {
    await handle.close();
    if (corrupt) await rm(incomplete, { force: true });
    if (options.signal?.aborted === true)
      throw new HubError('Aborted', `${what}: download aborted at ${written} bytes; run again to resume`);
    throw error;
  }
  await handle.close();
  if (check !== undefined) {
    const actual = check.hash.digest('hex');
    if (actual !== etag) {
      await rm(incomplete, { force: true });
      throw new HubError(
        'IntegrityError',
        `${what}: ${check.kind === 'sha256' ? 'SHA-256' : 'git SHA-1'} ${actual} does not match the Hub's ${etag}`,
      );
    }
  }
  // As writeFileAtomic does: the fsynced file's directory entry, the rename, then the rename itself to disk.
  await syncDirectory(dirname(incomplete));
  await rename(incomplete, blob);
  await syncDirectory(dirname(blob));
}

/** Appends the body at `progress.at`, advancing it; refuses more bytes than `size`. */
async function writeBody(
  response: Response,
  handle: FileHandle,
  progress: { at: number },
  size: number | undefined,
  hash: { update: (data: Uint8Array) => unknown } | undefined,
  report: (bytes: number) => void,
  what: string,
): Promise<void> {
  if (response.body === null) return;
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    if (size !== undefined && progress.at + chunk.byteLength > size) {
      throw new HubError('IntegrityError', `${what}: the server sent more than the ${size} bytes the Hub announced`);
    }
    await handle.write(chunk, 0, chunk.byteLength, progress.at);
    hash?.update(chunk);
    progress.at += chunk.byteLength;
    report(progress.at);
  }
}

async function hashFile(path: string, hash: { update: (data: Uint8Array) => unknown }): Promise<void> {
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined)) !== undefined;
}
