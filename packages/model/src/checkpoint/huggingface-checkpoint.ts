import {
  ConfigError,
  type HuggingFaceModelType,
  type ModelConfig,
  createModelConfig,
  fromHuggingFaceConfig,
  toHuggingFaceConfig,
} from '@fewshot/config';
import { type CreateModelOptions, GptModel } from '../gpt-model.js';
import { CheckpointError } from './checkpoint-error.js';
import { fromHuggingFaceTensors, toHuggingFaceTensors } from './huggingface-weights.js';
import { type SaveDtype, writeSafetensors } from './safetensors-writer.js';
import type { TensorData } from './tensor-data.js';

/**
 * `model_type` of checkpoints whose attention Hugging Face cannot express (strided or fixed
 * layers, post-LayerNorm): GPT-2 weight names, and our full config under `fewshot_config`.
 */
export const FEWSHOT_MODEL_TYPE = 'fewshot';
export type CheckpointModelType = HuggingFaceModelType | typeof FEWSHOT_MODEL_TYPE;

/** Tokenizer files a checkpoint directory may hold beside the model. */
export const TOKENIZER_FILES = [
  'tokenizer.json',
  'vocab.json',
  'merges.txt',
  'tokenizer_config.json',
  'special_tokens_map.json',
] as const;
export type TokenizerFile = (typeof TOKENIZER_FILES)[number];

export interface CheckpointConfig {
  readonly config: ModelConfig;
  readonly modelType: CheckpointModelType;
  /** The parsed `config.json`, to pass back as `base` when saving, so fields we do not read survive. */
  readonly huggingFaceConfig: Readonly<Record<string, unknown>>;
}

export interface SaveOptions {
  /** Default: `gpt2` or `gpt_neo` as the config allows (see `toHuggingFaceConfig`), else `fewshot`. */
  readonly modelType?: CheckpointModelType;
  /** The `config.json` the model was loaded from; its other fields are kept. */
  readonly base?: Record<string, unknown>;
  /** Weights as `float32` (default) or `float16` (half the size; the reader widens them back). */
  readonly dtype?: SaveDtype;
}

/** The files of a Hugging Face model directory that hold the model. */
export const HUGGINGFACE_FILES = {
  config: 'config.json',
  weights: 'model.safetensors',
  /** Lists the shards of a checkpoint saved in several safetensors files. */
  index: 'model.safetensors.index.json',
} as const;

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

/** The model config a parsed `config.json` describes; `name` names the model, `file` the config in errors. */
export function interpretHuggingFaceConfig(
  json: Record<string, unknown>,
  name: string,
  file: string,
): CheckpointConfig {
  return { ...interpretConfig(json, name, file), huggingFaceConfig: json };
}

/**
 * The files of a Hugging Face directory for `model`: `config.json` and `model.safetensors` (F32
 * or F16). `gpt2`/`gpt_neo` directories load in transformers; a model they cannot express is
 * saved as `fewshot` (GPT-2 weight names, our config under `fewshot_config`).
 */
export function huggingFaceModelFiles(
  model: GptModel,
  options: SaveOptions = {},
): { readonly config: string; readonly weights: Uint8Array } {
  const { json, modelType } = describeConfig(model.config, options);
  const tensors = toHuggingFaceTensors(
    model.readWeights(),
    model.config,
    modelType === FEWSHOT_MODEL_TYPE ? 'gpt2' : modelType,
  );
  const weights = writeSafetensors(tensors, HUGGINGFACE_FILES.weights, undefined, options.dtype);
  const torchDtype = { torch_dtype: options.dtype === 'float16' ? 'float16' : 'float32' };
  const config = `${JSON.stringify(modelType === FEWSHOT_MODEL_TYPE ? json : { ...json, ...torchDtype }, null, 2)}\n`;
  return { config, weights };
}

function interpretConfig(
  json: Record<string, unknown>,
  name: string,
  file: string,
): { config: ModelConfig; modelType: CheckpointModelType } {
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

function describeConfig(
  config: ModelConfig,
  options: SaveOptions,
): { json: Record<string, unknown>; modelType: CheckpointModelType } {
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
