import {
  ConfigError,
  type HuggingFaceModelType,
  type ModelConfig,
  createModelConfig,
  fromHuggingFaceConfig,
  toHuggingFaceConfig,
} from '@fewshot/config';
import { access, mkdir, readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { type CreateModelOptions, GptModel } from '../gpt-model.js';
import { writeFileAtomic } from './atomic-write.js';
import { CheckpointError } from './checkpoint-error.js';
import { fromHuggingFaceTensors, toHuggingFaceTensors } from './huggingface-weights.js';
import { readSafetensors } from './safetensors-reader.js';
import { type SaveDtype, writeSafetensors } from './safetensors-writer.js';
import type { TensorData } from './tensor-data.js';

/**
 * `model_type` of checkpoints whose attention Hugging Face cannot express (strided or fixed
 * layers, post-LayerNorm): GPT-2 weight names, and our full config under `fewshot_config`.
 */
export const FEWSHOT_MODEL_TYPE = 'fewshot';
export type CheckpointModelType = HuggingFaceModelType | typeof FEWSHOT_MODEL_TYPE;

/** Tokenizer files a checkpoint directory may hold beside the model. */
export const TOKENIZER_FILES = ['tokenizer.json', 'vocab.json', 'merges.txt', 'tokenizer_config.json', 'special_tokens_map.json'] as const;
export type TokenizerFile = (typeof TOKENIZER_FILES)[number];

export interface CheckpointConfig {
  readonly config: ModelConfig;
  readonly modelType: CheckpointModelType;
  /** The parsed `config.json`, to pass back as `base` when saving, so fields we do not read survive. */
  readonly huggingFaceConfig: Readonly<Record<string, unknown>>;
}

export interface LoadedCheckpoint extends Omit<CheckpointConfig, 'config'> {
  readonly model: GptModel;
  /** Absolute paths of the tokenizer files present in the directory. */
  readonly tokenizerFiles: Partial<Record<TokenizerFile, string>>;
}

export interface SaveOptions {
  /** Default: `gpt2` or `gpt_neo` as the config allows (see `toHuggingFaceConfig`), else `fewshot`. */
  readonly modelType?: CheckpointModelType;
  /** The `config.json` the model was loaded from; its other fields are kept. */
  readonly base?: Record<string, unknown>;
  /** Weights as `float32` (default) or `float16` (half the size; the reader widens them back). */
  readonly dtype?: SaveDtype;
}

const CONFIG_FILE = 'config.json';
const WEIGHTS_FILE = 'model.safetensors';
const INDEX_FILE = 'model.safetensors.index.json';

/**
 * Loads a Hugging Face model directory: `config.json` and `model.safetensors`, or shards listed in
 * `model.safetensors.index.json`. Every file is read and validated and every tensor mapped before
 * the model is created, so a malformed or truncated checkpoint throws a {@link CheckpointError}
 * and never yields a half-loaded model.
 */
export async function loadHuggingFaceModel(directory: string, options: CreateModelOptions = {}): Promise<LoadedCheckpoint> {
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
 * A model from a checkpoint's config and tensors, however they were read (safetensors,
 * `pytorch_model.bin`, bytes fetched in a browser): every tensor is mapped and checked before
 * the model is created. `fileOf` names the file a tensor came from, for errors.
 */
export function createHuggingFaceModel(
  checkpoint: Pick<CheckpointConfig, 'config' | 'modelType'>,
  tensors: ReadonlyMap<string, TensorData>,
  fileOf: (name: string) => string,
  options: CreateModelOptions = {},
): GptModel {
  const { config, modelType } = checkpoint;
  const layout = modelType === FEWSHOT_MODEL_TYPE ? 'gpt2' : modelType;
  const weights = fromHuggingFaceTensors(tensors, config, layout, fileOf);
  const model = GptModel.create(config, options);
  try {
    model.writeWeights(weights);
  } catch (error) {
    model.dispose();
    throw error;
  }
  return model;
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

/** The model config a parsed `config.json` describes; `name` names the model, `file` the config in errors. */
export function interpretHuggingFaceConfig(
  json: Record<string, unknown>,
  name: string,
  file: string,
): CheckpointConfig {
  return { ...interpretConfig(json, name, file), huggingFaceConfig: json };
}

/**
 * Saves `model` as a Hugging Face directory (`config.json` + `model.safetensors`, F32 or F16), each
 * file written to a temporary name and renamed. `gpt2`/`gpt_neo` directories load in transformers.
 */
export async function saveHuggingFaceModel(model: GptModel, directory: string, options: SaveOptions = {}): Promise<void> {
  const root = resolve(directory);
  const { json, modelType } = describeConfig(model.config, options);
  const tensors = toHuggingFaceTensors(model.readWeights(), model.config, modelType === FEWSHOT_MODEL_TYPE ? 'gpt2' : modelType);
  await mkdir(root, { recursive: true });
  await writeFileAtomic(join(root, WEIGHTS_FILE), writeSafetensors(tensors, join(root, WEIGHTS_FILE), undefined, options.dtype));
  const torchDtype = { torch_dtype: options.dtype === 'float16' ? 'float16' : 'float32' };
  await writeFileAtomic(join(root, CONFIG_FILE), `${JSON.stringify(modelType === FEWSHOT_MODEL_TYPE ? json : { ...json, ...torchDtype }, null, 2)}\n`);
}

function interpretConfig(json: Record<string, unknown>, name: string, file: string): { config: ModelConfig; modelType: CheckpointModelType } {
  try {
    if (json.model_type === FEWSHOT_MODEL_TYPE) {
      return { config: createModelConfig(json.fewshot_config as ModelConfig), modelType: FEWSHOT_MODEL_TYPE };
    }
    return fromHuggingFaceConfig(json, name);
  } catch (error) {
    if (error instanceof ConfigError) throw new CheckpointError(file, undefined, error.message);
    throw error;
  }
}

function describeConfig(config: ModelConfig, options: SaveOptions): { json: Record<string, unknown>; modelType: CheckpointModelType } {
  const fewshot = { model_type: FEWSHOT_MODEL_TYPE, fewshot_config: config };
  if (options.modelType === FEWSHOT_MODEL_TYPE) return { json: fewshot, modelType: FEWSHOT_MODEL_TYPE };
  try {
    const json = toHuggingFaceConfig(config, { modelType: options.modelType, base: options.base });
    return { json, modelType: json.model_type as HuggingFaceModelType };
  } catch (error) {
    // Only an explicit request for a Hugging Face type that cannot describe the model is an error.
    if (!(error instanceof ConfigError) || options.modelType !== undefined) throw error;
    return { json: fewshot, modelType: FEWSHOT_MODEL_TYPE };
  }
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
    if (!(await exists(path))) throw new CheckpointError(root, undefined, `has neither ${WEIGHTS_FILE} nor ${INDEX_FILE}`);
    for (const [name, tensor] of readSafetensors(await readFile(path), path).tensors) {
      values.set(name, tensor);
      fileOf.set(name, path);
    }
    return { values, fileOf };
  }
  const weightMap = (await readJson(indexPath)).weight_map;
  if (typeof weightMap !== 'object' || weightMap === null || Array.isArray(weightMap)) {
    throw new CheckpointError(indexPath, undefined, 'weight_map is missing or not an object');
  }
  const shards = new Map<string, Set<string>>();
  for (const [name, shard] of Object.entries(weightMap as Record<string, unknown>)) {
    if (typeof shard !== 'string' || shard !== basename(shard) || !shard.endsWith('.safetensors')) {
      throw new CheckpointError(indexPath, name, `shard ${JSON.stringify(shard)} is not a .safetensors file name in this directory`);
    }
    const names = shards.get(shard) ?? new Set<string>();
    shards.set(shard, names.add(name));
  }
  for (const [shard, listed] of shards) {
    const path = join(root, shard);
    const { tensors } = readSafetensors(await readFile(path).catch(() => {
      throw new CheckpointError(path, undefined, `is listed in ${INDEX_FILE} but cannot be read`);
    }), path);
    for (const name of listed) {
      if (!tensors.has(name)) throw new CheckpointError(path, name, `is listed in ${INDEX_FILE} but not in this shard`);
    }
    for (const [name, tensor] of tensors) {
      if (!listed.has(name)) throw new CheckpointError(path, name, `is in this shard but ${INDEX_FILE} does not list it here`);
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
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new CheckpointError(path, undefined, 'is not a JSON object');
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
