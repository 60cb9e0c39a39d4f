import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TOKENIZER_FILES } from '@fewshot/model';
import { type DownloadOptions, downloadFile } from './download-file.js';
import { HubClient, describe } from './hub-client.js';
import { HubCache } from './hub-cache.js';
import { HubError } from './hub-error.js';
import { type HubSettings, hubSettings } from './hub-settings.js';
import { exists } from './model-tokenizer.js';
import type { RepoReference } from './repo-reference.js';

export interface DownloadModelOptions extends Omit<DownloadOptions, 'settings'> {
  /** Overrides of the environment's settings (endpoint, token, cache directory, offline). */
  readonly settings?: Partial<HubSettings>;
  /** The cache only (as `HF_HUB_OFFLINE=1`). */
  readonly offline?: boolean;
}

/** A model's files in the cache: the snapshot folder of one commit. */
export interface ModelSnapshot {
  readonly directory: string;
  readonly commit: string;
  /** The files fetched or found, relative to `directory`. */
  readonly files: readonly string[];
}

const CONFIG = 'config.json';
const GENERATION_CONFIG = 'generation_config.json';
const SAFETENSORS = 'model.safetensors';
const SAFETENSORS_INDEX = 'model.safetensors.index.json';
const PYTORCH = 'pytorch_model.bin';

/**
 * Fetches what fewshot needs of a model repo into the cache, all at the one commit the revision
 * names: `config.json`, `generation_config.json`, the tokenizer files, and the weights —
 * `model.safetensors`, else the shards `model.safetensors.index.json` lists, else
 * `pytorch_model.bin`. Offline, or when the Hub cannot be reached, the cached snapshot of the
 * revision is used, and a missing file is a {@link HubError} naming it.
 */
export async function downloadModel(repo: RepoReference, options: DownloadModelOptions = {}): Promise<ModelSnapshot> {
  const settings = hubSettings({ ...options.settings, ...(options.offline === true ? { offline: true } : {}) });
  const cache = new HubCache(settings.cacheDir);
  if (settings.offline) return cachedSnapshot(cache, repo, 'downloads are off (HF_HUB_OFFLINE)');
  const client = new HubClient(settings, options.fetch, options.timeouts);
  let listing;
  try {
    listing = await client.listFiles(repo, options.signal);
  } catch (error) {
    if (
      error instanceof HubError &&
      error.code === 'Unreachable' &&
      (await cache.commitOf(repo.repoId, repo.revision)) !== undefined
    ) {
      return cachedSnapshot(cache, repo, error.message);
    }
    throw error;
  }
  const names = new Set(listing.files.filter((entry) => entry.type === 'file').map((entry) => entry.path));
  const pinned = { repoId: repo.repoId, revision: listing.commit };
  const fetch = (file: string): Promise<unknown> => downloadFile(pinned, file, { ...options, settings });
  if (!names.has(CONFIG))
    throw new HubError('EntryNotFound', `${describe(repo)} has no ${CONFIG}: not a transformers model repo`);
  const wanted = [CONFIG, GENERATION_CONFIG, ...TOKENIZER_FILES].filter((file) => names.has(file));
  let weights: string[];
  if (names.has(SAFETENSORS)) weights = [SAFETENSORS];
  else if (names.has(SAFETENSORS_INDEX)) {
    await fetch(SAFETENSORS_INDEX);
    const directory = cache.snapshotDirectory(repo.repoId, listing.commit);
    weights = [SAFETENSORS_INDEX, ...(await shardsOf(join(directory, SAFETENSORS_INDEX), describe(repo)))];
    const absent = weights.filter((file) => !names.has(file));
    if (absent.length > 0)
      throw new HubError(
        'EntryNotFound',
        `${describe(repo)}: ${SAFETENSORS_INDEX} lists ${absent.join(', ')}, which the repo lacks`,
      );
  } else if (names.has(PYTORCH)) weights = [PYTORCH];
  else
    throw new HubError(
      'EntryNotFound',
      `${describe(repo)} has no weights: neither ${SAFETENSORS}, ${SAFETENSORS_INDEX} nor ${PYTORCH}`,
    );
  for (const file of [...wanted, ...weights]) await fetch(file);
  await cache.writeRef(repo.repoId, repo.revision, listing.commit);
  return {
    directory: cache.snapshotDirectory(repo.repoId, listing.commit),
    commit: listing.commit,
    files: [...wanted, ...weights],
  };
}

/** The cached snapshot of a revision, checked to hold a config and complete weights. */
async function cachedSnapshot(cache: HubCache, repo: RepoReference, why: string): Promise<ModelSnapshot> {
  const commit = await cache.commitOf(repo.repoId, repo.revision);
  const missing = (what: string): HubError =>
    new HubError('OfflineMissing', `${describe(repo)}: ${what} not in the cache ${cache.directory}, and ${why}`);
  if (commit === undefined) throw missing('the revision is');
  const directory = cache.snapshotDirectory(repo.repoId, commit);
  const has = (file: string): Promise<boolean> => cache.hasFile(repo.repoId, commit, file);
  if (!(await has(CONFIG))) throw missing(`${CONFIG} is`);
  let weights: string[];
  if (await has(SAFETENSORS)) weights = [SAFETENSORS];
  else if (await has(SAFETENSORS_INDEX)) {
    weights = [SAFETENSORS_INDEX, ...(await shardsOf(join(directory, SAFETENSORS_INDEX), describe(repo)))];
    const absent: string[] = [];
    for (const file of weights) if (!(await has(file))) absent.push(file);
    if (absent.length > 0) throw missing(`${absent.join(', ')} ${absent.length === 1 ? 'is' : 'are'}`);
  } else if (await has(PYTORCH)) weights = [PYTORCH];
  else throw missing(`the weights (${SAFETENSORS}, ${SAFETENSORS_INDEX} or ${PYTORCH}) are`);
  const optional: string[] = [];
  for (const file of [GENERATION_CONFIG, ...TOKENIZER_FILES])
    if (await exists(join(directory, file))) optional.push(file);
  return { directory, commit, files: [CONFIG, ...optional, ...weights] };
}

/** The shard file names a `model.safetensors.index.json` lists, each once, in order. */
async function shardsOf(path: string, what: string): Promise<string[]> {
  let index: unknown;
  try {
    index = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new HubError(
      'IntegrityError',
      `${SAFETENSORS_INDEX} of ${what} is not valid JSON: ${(error as Error).message}`,
    );
  }
  const map = (index as { weight_map?: unknown } | null)?.weight_map;
  if (typeof map !== 'object' || map === null)
    throw new HubError('IntegrityError', `${SAFETENSORS_INDEX} of ${what} has no weight_map`);
  const shards = [...new Set(Object.values(map as Record<string, unknown>))];
  const bad = shards.find((shard) => typeof shard !== 'string' || !/^[\w.-]+\.safetensors$/.test(shard));
  if (bad !== undefined)
    throw new HubError(
      'IntegrityError',
      `${SAFETENSORS_INDEX} of ${what} lists ${JSON.stringify(bad)}, not a shard file name`,
    );
  return shards as string[];
}
