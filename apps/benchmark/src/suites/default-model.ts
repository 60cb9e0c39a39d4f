import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type ModelConfig, createModelConfig } from '@fewshot/config';
import { MINI_MODEL_DIRECTORY } from '@fewshot/mini';
import { describeModelSource, loadPretrained, resolveModelSource } from '@fewshot/hub';
import { type BackendName, GptModel, readHuggingFaceConfig } from '@fewshot/model';
import { getBackend } from '@tensorflow/tfjs-core';

/**
 * The shape fewshot-mini is planned with (4 layers of 256, 4 heads, a 4,096-token BPE, 256
 * positions, dense and local(64) layers alternating). Used, with random weights, only while
 * `@fewshot/mini` ships no checkpoint yet, so that every figure for "the default model" still
 * exists — and the report says so.
 */
export const PLANNED_MINI_CONFIG: ModelConfig = createModelConfig({
  name: 'fewshot-mini (planned shape)',
  vocabSize: 4096,
  contextLength: 256,
  dModel: 256,
  nLayer: 4,
  nHead: 4,
  attentionTypes: [[['dense', 'local'], 2]],
  window: 64,
  dropout: { embedding: 0, attention: 0, residual: 0 },
});

/** Where the default model's figures come from. */
export interface DefaultModelSource {
  readonly config: ModelConfig;
  /** True when the checkpoint exists and its weights are used. */
  readonly trained: boolean;
  /** The checkpoint directory (used when `trained`). */
  readonly directory: string;
  /** One line for the report. */
  readonly description: string;
}

/** Whether `directory` holds a checkpoint (a `config.json` beside its weights). */
export const hasCheckpoint = (directory: string): boolean => existsSync(join(directory, 'config.json'));

/**
 * The benchmarked model's config: the checkpoint `nameOrPath` names as every tool resolves it (a
 * directory, a Hub repo fetched into the cache, or nothing for the bundled fewshot-mini), read
 * from its `config.json` as the loader reads it, without the weights; the planned shape while
 * the bundled model has no checkpoint.
 */
export async function defaultModelSource(nameOrPath?: string): Promise<DefaultModelSource> {
  if (nameOrPath === undefined && !hasCheckpoint(MINI_MODEL_DIRECTORY)) {
    return {
      config: PLANNED_MINI_CONFIG,
      trained: false,
      directory: MINI_MODEL_DIRECTORY,
      description: `no checkpoint in ${MINI_MODEL_DIRECTORY} yet: the planned fewshot-mini shape with random weights`,
    };
  }
  const source = await resolveModelSource(nameOrPath);
  const { config } = await readHuggingFaceConfig(source.directory);
  const description = `${config.name} from ${describeModelSource(source)}`;
  return { config, trained: true, directory: source.directory, description };
}

/**
 * The default model on the active backend (the suite's choice stays active): the checkpoint as
 * every tool loads it (`loadPretrained`), or random weights in its planned shape.
 */
export async function loadDefaultModel(source: DefaultModelSource): Promise<GptModel> {
  if (!source.trained) return GptModel.create(source.config, { seed: 3 });
  return (await loadPretrained(source.directory, { backend: getBackend() as BackendName })).model;
}

/** `nLayer, dModel, heads, vocabulary, context, attention` in a few words. */
export function describeShape(config: ModelConfig): string {
  const patterns = [...new Set(config.attention.map((pattern) => (pattern.type === 'local' ? `local(${pattern.window})` : pattern.type)))].join('/');
  return `${config.nLayer} layers, dModel ${config.dModel}, ${config.nHead} heads, vocab ${config.vocabSize}, context ${config.contextLength}, ${patterns}`;
}
