import type { ModelConfig } from '@fewshot/config';
import { describeModelSource, loadPretrained, resolveModelSource } from '@fewshot/hub';
import type { GptModel } from '@fewshot/model';
import { type BackendName, readHuggingFaceConfig } from '@fewshot/model/node';
import { getBackend } from '@tensorflow/tfjs-core';

/** Where the default model's figures come from. */
export interface DefaultModelSource {
  readonly config: ModelConfig;
  /** The checkpoint directory. */
  readonly directory: string;
  /** One line for the report. */
  readonly description: string;
}

/**
 * The benchmarked model's config: the checkpoint `nameOrPath` names as every tool resolves it (a
 * directory, a Hub repo fetched into the cache, or nothing for the bundled fewshot-mini), read
 * from its `config.json` as the loader reads it, without the weights.
 */
export async function defaultModelSource(nameOrPath?: string): Promise<DefaultModelSource> {
  const source = await resolveModelSource(nameOrPath);
  const { config } = await readHuggingFaceConfig(source.directory);
  const description = `${config.name} from ${describeModelSource(source)}`;
  return { config, directory: source.directory, description };
}

/** The default model on the active backend (the suite's choice stays active), as every tool loads it. */
export async function loadDefaultModel(source: DefaultModelSource): Promise<GptModel> {
  return (await loadPretrained(source.directory, { backend: getBackend() as BackendName })).model;
}

/** `nLayer, dModel, heads, vocabulary, context, attention` in a few words. */
export function describeShape(config: ModelConfig): string {
  const patterns = [
    ...new Set(
      config.attention.map((pattern) => (pattern.type === 'local' ? `local(${pattern.window})` : pattern.type)),
    ),
  ].join('/');
  return (
    `${config.nLayer} layers, dModel ${config.dModel}, ${config.nHead} heads, ` +
    `vocab ${config.vocabSize}, context ${config.contextLength}, ${patterns}`
  );
}
