import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ApiError } from '../http/api-error.js';
import { sendJson } from '../http/send.js';
import type { ServedModel } from '../served-model.js';
import type { RouteContext } from './route-context.js';

/** What a page needs to run a checkpoint itself: its config, weights, tokenizer and generation config. */
const MODEL_FILES = [
  'config.json',
  'generation_config.json',
  'model.safetensors',
  'model.safetensors.index.json',
  'tokenizer.json',
  'vocab.json',
  'merges.txt',
  'tokenizer_config.json',
  'special_tokens_map.json',
] as const;

/** A shard name `model.safetensors.index.json` may list: one file name in the directory, never a path. */
const SHARD_NAME = /^[\w][\w.-]*\.safetensors$/;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.safetensors': 'application/octet-stream',
};

export interface ModelFile {
  readonly name: string;
  readonly size: number;
}

/**
 * `GET /api/model/files[?model=ID]`: the served model's files a page can load it from (names and
 * sizes, no paths): `fetchHuggingFaceModel` of `@fewshot/model` reads them as it reads a Hub repo.
 */
export async function handleModelFiles(context: RouteContext): Promise<void> {
  const served = requireModel(context);
  sendJson(context.response, 200, { model: served.id, files: await listModelFiles(served) });
}

/**
 * `GET /api/model/files/{name}[?model=ID]`: one of those files, read-only. Only a name in the
 * listing is served — a fixed set of checkpoint files and the shards the index names — so no
 * request can reach any other file, and no answer carries a path.
 */
export async function handleModelFile(context: RouteContext, name: string): Promise<void> {
  const served = requireModel(context);
  const file = (await listModelFiles(served)).find((listed) => listed.name === name);
  if (file === undefined) {
    // A plain file name is echoed; anything path-like is not, so no answer repeats a path.
    const shown = /^[\w.-]{1,128}$/.test(name) ? `file ${JSON.stringify(name)}` : 'file of that name';
    throw new ApiError(
      404,
      `${served.id} has no ${shown}; GET /api/model/files lists the files it serves`,
      'not_found_error',
      null,
      'file_not_found',
    );
  }
  const { response } = context;
  const type = CONTENT_TYPES[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream';
  response.writeHead(200, { 'Content-Type': type, 'Content-Length': file.size, 'Cache-Control': 'no-cache' });
  // A file that vanishes or fails mid-read, or a client that leaves, ends this response, not the process.
  await pipeline(createReadStream(join(served.source.directory, name)), response).catch(() => response.destroy());
}

function requireModel(context: RouteContext): ServedModel {
  return context.host.require(context.url.searchParams.get('model') ?? undefined);
}

/** The model files present in the served model's directory, with the shards its index names. */
export async function listModelFiles(served: ServedModel): Promise<ModelFile[]> {
  const { directory } = served.source;
  const names = new Set<string>(MODEL_FILES);
  const index = await readFile(join(directory, 'model.safetensors.index.json'), 'utf8').catch(() => undefined);
  for (const shard of index === undefined ? [] : shardNames(index)) names.add(shard);
  const files: ModelFile[] = [];
  for (const name of names) {
    const info = await stat(join(directory, name)).catch(() => undefined);
    if (info?.isFile() === true) files.push({ name, size: info.size });
  }
  return files;
}

function shardNames(indexText: string): string[] {
  try {
    const { weight_map: weightMap } = JSON.parse(indexText) as { weight_map?: unknown };
    if (typeof weightMap !== 'object' || weightMap === null) return [];
    return Object.values(weightMap).filter(
      (shard): shard is string => typeof shard === 'string' && SHARD_NAME.test(shard),
    );
  } catch {
    // A broken index lists no shards; the loader reports what is wrong with it when it reads it.
    return [];
  }
}
