import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type BackendChoice, type BackendName, type CheckpointModelType, type GptModel, type LoadedCheckpoint, loadHuggingFaceModel, selectBackend } from '@fewshot/model';
import { type BpeTokenizer, getEncoding } from '@fewshot/tokenizer';
import { loadTokenizerJson, loadVocabAndMerges } from '@fewshot/tokenizer/node';

/** A loaded model with everything the API needs to serve it. */
export interface ServedModel {
  /** The name clients pass as `model`. */
  readonly id: string;
  readonly directory: string;
  readonly model: GptModel;
  readonly tokenizer: BpeTokenizer;
  readonly modelType: CheckpointModelType;
  readonly backend: BackendChoice;
  /** GPT-2's `<|endoftext|>`: ends a completion, and is the prompt when none is given. */
  readonly eosTokenId: number | undefined;
  /** Unix seconds, OpenAI's `created`. */
  readonly createdAt: number;
}

export interface LoadModelOptions {
  readonly id: string;
  readonly backend?: BackendName;
}

/** A model directory that holds no checkpoint yet (the default model before it is trained). */
export class MissingCheckpointError extends Error {
  override readonly name = 'MissingCheckpointError';
}

/** Loads a Hugging Face style model directory and its tokenizer on the selected TF.js backend. */
export async function loadServedModel(directory: string, options: LoadModelOptions): Promise<ServedModel> {
  if (!existsSync(join(directory, 'config.json'))) {
    throw new MissingCheckpointError(`${directory} holds no model: config.json is missing (a model directory has config.json and model.safetensors)`);
  }
  const backend = await selectBackend(options.backend);
  const checkpoint = await loadHuggingFaceModel(directory);
  const tokenizer = await loadModelTokenizer(checkpoint.tokenizerFiles);
  const configured = checkpoint.huggingFaceConfig.eos_token_id;
  return {
    id: options.id,
    directory,
    model: checkpoint.model,
    tokenizer,
    modelType: checkpoint.modelType,
    backend,
    eosTokenId: typeof configured === 'number' ? configured : tokenizer.specialTokens['<|endoftext|>'],
    createdAt: Math.floor(Date.now() / 1000),
  };
}

/**
 * The tokenizer that goes with a checkpoint: its `tokenizer.json`, else `vocab.json` +
 * `merges.txt`, else GPT-2/GPT-3's r50k_base, which every GPT-2 and GPT-Neo checkpoint uses.
 */
async function loadModelTokenizer(files: LoadedCheckpoint['tokenizerFiles']): Promise<BpeTokenizer> {
  if (files['tokenizer.json'] !== undefined) return loadTokenizerJson(files['tokenizer.json']);
  if (files['vocab.json'] !== undefined && files['merges.txt'] !== undefined) return loadVocabAndMerges(files['vocab.json'], files['merges.txt']);
  return getEncoding('r50k_base');
}
