import { access, mkdir, readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { writeFileAtomic } from '@fewshot/common/node';
import type { GptModel, CreateModelOptions } from '../gpt-model.js';
import { CheckpointError } from '../checkpoint/checkpoint-error.js';
import {
  type CheckpointConfig,
  HUGGINGFACE_FILES,
  type SaveOptions,
  TOKENIZER_FILES,
  type TokenizerFile,
  createHuggingFaceModel,
  huggingFaceModelFiles,
  interpretHuggingFaceConfig,
} from '../checkpoint/huggingface-checkpoint.js';
import { readSafetensors } from '../checkpoint/safetensors-reader.js';
import { checkShard, shardsOfIndex } from '../checkpoint/safetensors-index.js';
import type { TensorData } from '../checkpoint/tensor-data.js';

export interface LoadedCheckpoint extends Omit<CheckpointConfig, 'config'> {
  readonly model: GptModel;
  /** Absolute paths of the tokenizer files present in the directory. */
  readonly tokenizerFiles: Partial<Record<TokenizerFile, string>>;
}

const { config: CONFIG_FILE, weights: WEIGHTS_FILE, index: INDEX_FILE } = HUGGINGFACE_FILES;

/**
 * Loads a Hugging Face model directory: `config.json` and `model.safetensors`, or shards listed in
 * `model.safetensors.index.json`. Every file is read and validated and every tensor mapped before
 * the model is created, so a malformed or truncated checkpoint throws a {@link CheckpointError}
 * and never yields a half-loaded model.
 */
export async function loadHuggingFaceModel(
  directory: string,
  options: CreateModelOptions = {},
): Promise<LoadedCheckpoint> {
  const root = resolve(directory);
  const checkpoint = await readHuggingFaceConfig(root);
  const tensors = await readCheckpointTensors(root);
  const model = createHuggingFaceModel(checkpoint, tensors.values, (name) => tensors.fileOf.get(name) ?? root, options);
  const tokenizerFiles: Partial<Record<TokenizerFile, string>> = {};
  for (const file of TOKENIZER_FILES) {
    const path = join(root, file);
    if (await exists(path)) tokenizerFiles[file] = path;
  }
  return { model, modelType: checkpoint.modelType, huggingFaceConfig: checkpoint.huggingFaceConfig, tokenizerFiles };
}

/**
 * The model config of a checkpoint directory from its `config.json` alone, validated as
 * {@link loadHuggingFaceModel} validates it: no weights are read and no backend is needed.
 */
export async function readHuggingFaceConfig(directory: string): Promise<CheckpointConfig> {
  const root = resolve(directory);
  const configPath = join(root, CONFIG_FILE);
  const json = await readJson(configPath);
  return interpretHuggingFaceConfig(json, basename(root), configPath);
}

/**
 * Saves `model` as a Hugging Face directory (`config.json` + `model.safetensors`, F32 or F16; see
 * `huggingFaceModelFiles`), each file written to a temporary name and renamed.
 */
export async function saveHuggingFaceModel(
  model: GptModel,
  directory: string,
  options: SaveOptions = {},
): Promise<void> {
  const root = resolve(directory);
  const { config, weights } = huggingFaceModelFiles(model, options);
  await mkdir(root, { recursive: true });
  await writeFileAtomic(join(root, WEIGHTS_FILE), weights);
  await writeFileAtomic(join(root, CONFIG_FILE), config);
}

interface CheckpointTensors {
  readonly values: Map<string, TensorData>;
  readonly fileOf: Map<string, string>;
}

/** The tensors of `model.safetensors`, or of every shard the index lists, each checked against the index. */
async function readCheckpointTensors(root: string): Promise<CheckpointTensors> {
  const indexPath = join(root, INDEX_FILE);
  const values = new Map<string, TensorData>();
  const fileOf = new Map<string, string>();
  if (!(await exists(indexPath))) {
    const path = join(root, WEIGHTS_FILE);
    if (!(await exists(path)))
      throw new CheckpointError(root, undefined, `has neither ${WEIGHTS_FILE} nor ${INDEX_FILE}`);
    for (const [name, tensor] of readSafetensors(await readFile(path), path).tensors) {
      values.set(name, tensor);
      fileOf.set(name, path);
    }
    return { values, fileOf };
  }
  const shards = shardsOfIndex(await readJson(indexPath), indexPath);
  for (const [shard, listed] of shards) {
    const path = join(root, shard);
    const { tensors } = readSafetensors(
      await readFile(path).catch(() => {
        throw new CheckpointError(path, undefined, `is listed in ${INDEX_FILE} but cannot be read`);
      }),
      path,
    );
    checkShard(tensors, listed, path);
    for (const [name, tensor] of tensors) {
      values.set(name, tensor);
      fileOf.set(name, path);
    }
  }
  return { values, fileOf };
}

async function readJson(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new CheckpointError(path, undefined, 'cannot be read');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CheckpointError(path, undefined, `is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new CheckpointError(path, undefined, 'is not a JSON object');
  return json as Record<string, unknown>;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
