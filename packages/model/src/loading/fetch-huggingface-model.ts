import { CheckpointError } from '../checkpoint/checkpoint-error.js';
import {
  type CheckpointModelType,
  HUGGINGFACE_FILES,
  type TokenizerFile,
  createHuggingFaceModel,
  interpretHuggingFaceConfig,
} from '../checkpoint/huggingface-checkpoint.js';
import { checkShard, shardsOfIndex } from '../checkpoint/safetensors-index.js';
import { readSafetensors } from '../checkpoint/safetensors-reader.js';
import type { TensorData } from '../checkpoint/tensor-data.js';
import type { CreateModelOptions, GptModel } from '../gpt-model.js';
import { type FetchContext, type FileProgress, fetchFile } from './fetch-file.js';
import { ModelFetchError } from './model-fetch-error.js';
import { type ModelLocation, type ResolvedLocation, resolveModelLocation } from './model-location.js';

export interface FetchModelOptions extends CreateModelOptions {
  /** Called as each file's bytes arrive (config, tokenizer and weights alike). */
  readonly onProgress?: (progress: FileProgress) => void;
  readonly signal?: AbortSignal;
  /** The `fetch` to call; the global one by default. */
  readonly fetch?: typeof globalThis.fetch;
}

/** A model read over the network, with what a caller needs to generate with it. */
export interface FetchedModel {
  /** The caller disposes it. */
  readonly model: GptModel;
  readonly modelType: CheckpointModelType;
  /** The parsed `config.json`. */
  readonly huggingFaceConfig: Readonly<Record<string, unknown>>;
  /** The texts of the tokenizer files found: `tokenizer.json`, else `vocab.json` and `merges.txt`. */
  readonly tokenizerFiles: Partial<Record<TokenizerFile, string>>;
  /** The parsed `generation_config.json`, when there is one. */
  readonly generationConfig: Readonly<Record<string, unknown>> | undefined;
  /** The repo id, or the directory URL's last path segment. */
  readonly name: string;
  /** For a Hub repo, the commit every file was read at. */
  readonly commit: string | undefined;
}

const { config: CONFIG_FILE, weights: WEIGHTS_FILE, index: INDEX_FILE } = HUGGINGFACE_FILES;
const GENERATION_CONFIG_FILE = 'generation_config.json';

/**
 * Loads a Hugging Face model directory with `fetch` — from a URL (any static server, such as the
 * playground's model files) or a Hub repo — as `loadHuggingFaceModel` loads one from disk:
 * `config.json`, then `model.safetensors` or the shards `model.safetensors.index.json` lists,
 * every tensor parsed, checked and mapped before the model is created, so a bad or truncated
 * file throws (a `CheckpointError` or {@link ModelFetchError}) and never yields a half-loaded
 * model. Progress is reported per file in bytes. Runs in browsers and in Node (no `node:` imports).
 */
export async function fetchHuggingFaceModel(
  location: ModelLocation,
  options: FetchModelOptions = {},
): Promise<FetchedModel> {
  const { onProgress, signal } = options;
  const fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const resolved = await resolveModelLocation(location, { fetch, signal });
  const context: FetchContext = { fetch, signal, onProgress, headers: resolved.headers };
  const read = (file: string): Promise<Uint8Array | undefined> => readOptional(resolved, file, context);

  const configBytes = await read(CONFIG_FILE);
  if (configBytes === undefined)
    throw new ModelFetchError(
      resolved.fileUrl(CONFIG_FILE),
      404,
      undefined,
      'not found: a model directory needs config.json',
    );
  const huggingFaceConfig = parseJson(configBytes, resolved.fileUrl(CONFIG_FILE));
  const checkpoint = interpretHuggingFaceConfig(huggingFaceConfig, resolved.name, resolved.fileUrl(CONFIG_FILE));
  const generationBytes = await read(GENERATION_CONFIG_FILE);
  const generationConfig =
    generationBytes === undefined ? undefined : parseJson(generationBytes, resolved.fileUrl(GENERATION_CONFIG_FILE));
  const tokenizerFiles = await readTokenizerFiles(resolved, read);
  const { tensors, fileOf } = await readWeights(resolved, read);
  const model = createHuggingFaceModel(checkpoint, tensors, fileOf, options);
  return {
    model,
    modelType: checkpoint.modelType,
    huggingFaceConfig,
    tokenizerFiles,
    generationConfig,
    name: resolved.name,
    commit: resolved.commit,
  };
}

/** `file`'s bytes, or undefined when the listing lacks it or the server answers 404. */
async function readOptional(
  resolved: ResolvedLocation,
  file: string,
  context: FetchContext,
): Promise<Uint8Array | undefined> {
  if (resolved.files !== undefined && !resolved.files.has(file)) return undefined;
  const fetched = await fetchFile(resolved.fileUrl(file), file, context);
  return fetched.found ? fetched.bytes : undefined;
}

/** `tokenizer.json` when there is one, else `vocab.json` + `merges.txt` when both are there. */
async function readTokenizerFiles(
  resolved: ResolvedLocation,
  read: (file: string) => Promise<Uint8Array | undefined>,
): Promise<Partial<Record<TokenizerFile, string>>> {
  const tokenizerJson = await read('tokenizer.json');
  if (tokenizerJson !== undefined)
    return { 'tokenizer.json': decodeText(tokenizerJson, resolved.fileUrl('tokenizer.json')) };
  const vocab = await read('vocab.json');
  const merges = vocab === undefined ? undefined : await read('merges.txt');
  if (vocab === undefined || merges === undefined) return {};
  return {
    'vocab.json': decodeText(vocab, resolved.fileUrl('vocab.json')),
    'merges.txt': decodeText(merges, resolved.fileUrl('merges.txt')),
  };
}

interface Weights {
  readonly tensors: Map<string, TensorData>;
  readonly fileOf: (name: string) => string;
}

/** The tensors of `model.safetensors`, else of every shard the index lists, each checked against it. */
async function readWeights(
  resolved: ResolvedLocation,
  read: (file: string) => Promise<Uint8Array | undefined>,
): Promise<Weights> {
  const tensors = new Map<string, TensorData>();
  const fileOf = new Map<string, string>();
  const single = await read(WEIGHTS_FILE);
  if (single !== undefined) {
    const url = resolved.fileUrl(WEIGHTS_FILE);
    for (const [name, tensor] of readSafetensors(single, url).tensors) tensors.set(name, tensor);
    return { tensors, fileOf: () => url };
  }
  const indexUrl = resolved.fileUrl(INDEX_FILE);
  const index = await read(INDEX_FILE);
  if (index === undefined) {
    const where = resolved.fileUrl('');
    throw new CheckpointError(
      where,
      undefined,
      `has neither ${WEIGHTS_FILE} nor ${INDEX_FILE} (safetensors weights are needed)`,
    );
  }
  for (const [shard, listed] of shardsOfIndex(parseJson(index, indexUrl), indexUrl)) {
    const url = resolved.fileUrl(shard);
    const bytes = await read(shard);
    if (bytes === undefined) throw new CheckpointError(url, undefined, `is listed in ${INDEX_FILE} but not found`);
    const shardTensors = readSafetensors(bytes, url).tensors;
    checkShard(shardTensors, listed, url);
    for (const [name, tensor] of shardTensors) {
      tensors.set(name, tensor);
      fileOf.set(name, url);
    }
  }
  return { tensors, fileOf: (name) => fileOf.get(name) ?? indexUrl };
}

function decodeText(bytes: Uint8Array, url: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CheckpointError(url, undefined, 'is not valid UTF-8 text');
  }
}

function parseJson(bytes: Uint8Array, url: string): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(decodeText(bytes, url));
  } catch (error) {
    if (error instanceof CheckpointError) throw error;
    throw new CheckpointError(url, undefined, `is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new CheckpointError(url, undefined, 'is not a JSON object');
  return json as Record<string, unknown>;
}
