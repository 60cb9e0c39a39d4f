import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { installKernels } from '@fewshot/kernels';
import {
  type BackendChoice,
  CheckpointError,
  type CheckpointModelType,
  type CreateModelOptions,
  type GptModel,
  createHuggingFaceModel,
} from '@fewshot/model';
import { type BackendName, loadHuggingFaceModel, readHuggingFaceConfig, selectBackend } from '@fewshot/model/node';
import type { BpeTokenizer } from '@fewshot/tokenizer';
import { type GenerationDefaults, parseGenerationConfig } from './generation-config.js';
import { endOfTextId, exists, loadModelTokenizer } from './model-tokenizer.js';
import { type ModelSource, type ResolveModelOptions, resolveModelSource } from './model-source.js';
import { readTorchCheckpoint } from './torch/torch-checkpoint.js';

export interface PretrainedOptions extends ResolveModelOptions {
  /** The TF.js backend to activate (default: `FEWSHOT_BACKEND`, else the fastest available). */
  readonly backend?: BackendName;
  /** Passed to `GptModel.create` (e.g. a dtype or kernel choice). */
  readonly model?: CreateModelOptions;
}

/** A checkpoint ready to generate with. */
export interface PretrainedModel {
  /** The caller disposes it. */
  readonly model: GptModel;
  readonly tokenizer: BpeTokenizer;
  /** Ends a completion: see {@link endOfTextId}; undefined when no candidate is in the vocabulary. */
  readonly eosTokenId: number | undefined;
  /** `generation_config.json`, empty when the checkpoint has none. */
  readonly generationConfig: GenerationDefaults;
  readonly source: ModelSource;
  readonly modelType: CheckpointModelType;
  /** The parsed `config.json`. */
  readonly huggingFaceConfig: Readonly<Record<string, unknown>>;
  readonly backend: BackendChoice;
}

/**
 * Loads a model by name, as transformers' `from_pretrained` does: a local checkpoint directory,
 * a Hub repo `org/name[@revision]` (downloaded into the cache huggingface_hub shares, or read
 * from it offline), or nothing for the bundled fewshot-mini; then the backend, the weights
 * (safetensors, sharded safetensors or `pytorch_model.bin`), the tokenizer and the generation
 * config. Failures are one-line `HubError`s, `CheckpointError`s or `TokenizerError`s.
 */
export async function loadPretrained(nameOrPath?: string, options: PretrainedOptions = {}): Promise<PretrainedModel> {
  const source = await resolveModelSource(nameOrPath, options);
  installKernels();
  const backend = await selectBackend(options.backend);
  const { directory } = source;
  const generationPath = join(directory, 'generation_config.json');
  const generationConfig = (await exists(generationPath))
    ? parseGenerationConfig(await readJsonObject(generationPath), generationPath)
    : {};
  const { model, modelType, huggingFaceConfig } = await loadCheckpointDirectory(directory, options.model);
  try {
    const tokenizer = await loadModelTokenizer(directory);
    const eosTokenId = endOfTextId(
      [generationConfig.eosTokenId?.[0], huggingFaceConfig.eos_token_id],
      tokenizer,
      model.config.vocabSize,
    );
    return { model, tokenizer, eosTokenId, generationConfig, source, modelType, huggingFaceConfig, backend };
  } catch (error) {
    model.dispose();
    throw error;
  }
}

/** The model of a checkpoint directory: safetensors (whole or sharded), else `pytorch_model.bin`. */
export async function loadCheckpointDirectory(
  directory: string,
  options: CreateModelOptions = {},
): Promise<{ model: GptModel; modelType: CheckpointModelType; huggingFaceConfig: Readonly<Record<string, unknown>> }> {
  const torchPath = join(directory, 'pytorch_model.bin');
  const hasSafetensors =
    (await exists(join(directory, 'model.safetensors'))) ||
    (await exists(join(directory, 'model.safetensors.index.json')));
  if (hasSafetensors || !(await exists(torchPath))) return loadHuggingFaceModel(directory, options);
  const checkpoint = await readHuggingFaceConfig(directory);
  const tensors = readTorchCheckpoint(await readFile(torchPath), torchPath);
  const model = createHuggingFaceModel(checkpoint, tensors, () => torchPath, options);
  return { model, modelType: checkpoint.modelType, huggingFaceConfig: checkpoint.huggingFaceConfig };
}

async function readJsonObject(path: string): Promise<Record<string, unknown>> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new CheckpointError(path, undefined, `is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new CheckpointError(path, undefined, 'is not a JSON object');
  return json as Record<string, unknown>;
}
