import { lstat, mkdir, readFile, readdir, readlink, rm, stat, symlink } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { writeFileAtomic } from '@fewshot/common/node';
import { COMMIT_HASH, checkRepoFile, checkRevision, repoFolderName, repoIdFromFolder } from './repo-reference.js';

/**
 * huggingface_hub's cache layout, so both tools share one cache:
 * `{cacheDir}/models--{org}--{name}/blobs/{etag}` holds each file's bytes once,
 * `snapshots/{commit}/{path}` is a relative symlink to its blob, `refs/{revision}` holds the
 * commit a branch or tag last resolved to, and `{cacheDir}/.locks/models--{org}--{name}/` the locks.
 */
export class HubCache {
  constructor(readonly directory: string) {}

  repoDirectory(repoId: string): string {
    return join(this.directory, repoFolderName(repoId));
  }

  blobPath(repoId: string, etag: string): string {
    return join(this.repoDirectory(repoId), 'blobs', etag);
  }

  snapshotDirectory(repoId: string, commit: string): string {
    return join(this.repoDirectory(repoId), 'snapshots', commit);
  }

  pointerPath(repoId: string, commit: string, file: string): string {
    checkRepoFile(file);
    return join(this.snapshotDirectory(repoId, commit), ...file.split('/'));
  }

  /**
   * The lock against a second fewshot process fetching the same blob. huggingface_hub holds an
   * flock(2) on `{etag}.lock` beside it, which Node cannot take; against it the cache stays correct
   * because every blob is written under a temporary name and renamed into place whole.
   */
  lockPath(repoId: string, etag: string): string {
    return join(this.directory, '.locks', repoFolderName(repoId), `${etag}.fewshot.lock`);
  }

  /** The commit `revision` names: itself when it is a full commit hash, else what `refs/{revision}` holds. */
  async commitOf(repoId: string, revision: string): Promise<string | undefined> {
    if (COMMIT_HASH.test(revision)) return revision;
    checkRevision(revision);
    const text = await readFile(join(this.repoDirectory(repoId), 'refs', ...revision.split('/')), 'utf8').catch(
      () => undefined,
    );
    return text?.trim() === '' ? undefined : text?.trim();
  }

  /** Records that `revision` resolved to `commit` (nothing for a commit hash itself). */
  async writeRef(repoId: string, revision: string, commit: string): Promise<void> {
    if (revision === commit) return;
    checkRevision(revision);
    const path = join(this.repoDirectory(repoId), 'refs', ...revision.split('/'));
    if ((await readFile(path, 'utf8').catch(() => undefined)) === commit) return;
    await mkdir(dirname(path), { recursive: true });
    await writeFileAtomic(path, commit);
  }

  /** Whether a snapshot file exists and its blob is there (a symlink to a missing blob is not a file). */
  async hasFile(repoId: string, commit: string, file: string): Promise<boolean> {
    return (await stat(this.pointerPath(repoId, commit, file)).catch(() => undefined))?.isFile() === true;
  }

  /** Points `snapshots/{commit}/{file}` at `blobs/{etag}` with a relative symlink, replacing what was there. */
  async linkSnapshot(repoId: string, commit: string, file: string, etag: string): Promise<string> {
    const pointer = this.pointerPath(repoId, commit, file);
    await mkdir(dirname(pointer), { recursive: true });
    const target = relative(dirname(pointer), this.blobPath(repoId, etag));
    if ((await readlink(pointer).catch(() => undefined)) === target) return pointer;
    await rm(pointer, { force: true });
    await symlink(target, pointer);
    return pointer;
  }
}

/** One cached model repo, as `fewshot models` lists it. */
export interface CachedModel {
  readonly repoId: string;
  /** Each snapshot's commit with the refs (branches, tags) that point at it. */
  readonly snapshots: readonly { readonly commit: string; readonly refs: readonly string[]; readonly files: number }[];
  /** Bytes of the repo's blobs (each stored once, however many snapshots share it). */
  readonly size: number;
  readonly path: string;
}

/** The model repos in a cache, sorted by name; other repo types and stray folders are skipped. */
export async function listCachedModels(cache: HubCache): Promise<CachedModel[]> {
  const folders = await readdir(cache.directory).catch(() => [] as string[]);
  const models: CachedModel[] = [];
  for (const folder of folders.sort()) {
    const repoId = repoIdFromFolder(folder);
    if (repoId === undefined) continue;
    const path = join(cache.directory, folder);
    const refs = await readRefs(join(path, 'refs'));
    const commits = await readdir(join(path, 'snapshots')).catch(() => [] as string[]);
    const snapshots = await Promise.all(
      commits.sort().map(async (commit) => ({
        commit,
        refs: [...refs].filter(([, target]) => target === commit).map(([name]) => name),
        files: await countFiles(join(path, 'snapshots', commit)),
      })),
    );
    let size = 0;
    for (const blob of await readdir(join(path, 'blobs')).catch(() => [] as string[])) {
      const info = await lstat(join(path, 'blobs', blob)).catch(() => undefined);
      if (info?.isFile() === true) size += info.size;
    }
    models.push({ repoId, snapshots, size, path });
  }
  return models;
}

/** Deletes a repo's whole folder (blobs, snapshots, refs) and its locks; false when it was not cached. */
export async function deleteCachedModel(cache: HubCache, repoId: string): Promise<boolean> {
  const path = cache.repoDirectory(repoId);
  if ((await lstat(path).catch(() => undefined)) === undefined) return false;
  await rm(path, { recursive: true, force: true });
  await rm(join(cache.directory, '.locks', repoFolderName(repoId)), { recursive: true, force: true });
  return true;
}

async function readRefs(directory: string, prefix = ''): Promise<Map<string, string>> {
  const refs = new Map<string, string>();
  for (const entry of await readdir(directory, { withFileTypes: true }).catch(() => [])) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      for (const [name, commit] of await readRefs(path, `${prefix}${entry.name}/`)) refs.set(name, commit);
    } else if (entry.isFile() && !entry.name.endsWith('.tmp')) {
      refs.set(`${prefix}${entry.name}`, (await readFile(path, 'utf8')).trim());
    }
  }
  return refs;
}

async function countFiles(directory: string): Promise<number> {
  let count = 0;
  for (const entry of await readdir(directory, { withFileTypes: true }).catch(() => [])) {
    count += entry.isDirectory() ? await countFiles(join(directory, entry.name)) : 1;
  }
  return count;
}
