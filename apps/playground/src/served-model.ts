import { type DownloadProgress, type GenerationDefaults, type ModelSource, loadPretrained } from '@fewshot/hub';
import { basename } from 'node:path';
import { type DecodingDtype, quantizeForDecoding } from '@fewshot/kernels';
import type { BackendChoice, CheckpointModelType, GptModel } from '@fewshot/model';
import type { BackendName } from '@fewshot/model/node';
import type { BpeTokenizer } from '@fewshot/tokenizer';

/** A loaded model with everything the API needs to serve it. */
export interface ServedModel {
  /** The name clients pass as `model`. */
  readonly id: string;
  /** Where it came from: a directory, a Hub repo at a commit, or the bundled model (never sent to clients). */
  readonly source: ModelSource;
  readonly model: GptModel;
  readonly tokenizer: BpeTokenizer;
  readonly modelType: CheckpointModelType;
  readonly backend: BackendChoice;
  /** Ends a completion, and is the prompt when none is given (see `loadPretrained`). */
  readonly eosTokenId: number | undefined;
  /** The checkpoint's `generation_config.json`: sampling defaults under each request's own fields. */
  readonly generationConfig: GenerationDefaults;
  /** Unix seconds, OpenAI's `created`. */
  readonly createdAt: number;
}

export interface LoadModelOptions {
  /** The name clients pass as `model`; default {@link servedModelId}. */
  readonly id?: string;
  readonly backend?: BackendName;
  /**
   * Decoding from a copy of the projection, MLP and LM-head weights stored as this type
   * (`quantizeForDecoding`); without it, from the weights as loaded, through TF.js's matMul.
   */
  readonly weights?: DecodingDtype;
  /** A branch, tag or commit of a Hub repo. */
  readonly revision?: string;
  readonly onProgress?: (progress: DownloadProgress) => void;
  readonly signal?: AbortSignal;
}

/**
 * Loads what the server was started with — a checkpoint directory, a Hub repo `org/name[@rev]`
 * (fetched into the Hugging Face cache, or read from it offline), or nothing for the bundled
 * fewshot-mini — through `loadPretrained` of `@fewshot/hub`, as the CLI and the benchmark do.
 */
export async function loadServedModel(nameOrPath: string | undefined, options: LoadModelOptions): Promise<ServedModel> {
  const loaded = await loadPretrained(nameOrPath, {
    ...(options.backend === undefined ? {} : { backend: options.backend }),
    ...(options.revision === undefined ? {} : { revision: options.revision }),
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  const { source, model, tokenizer, modelType, backend, eosTokenId, generationConfig } = loaded;
  if (options.weights !== undefined) await quantizeForDecoding(model, options.weights);
  return {
    id: options.id ?? servedModelId(source),
    source,
    model,
    tokenizer,
    modelType,
    backend,
    eosTokenId,
    generationConfig,
    createdAt: Math.floor(Date.now() / 1000),
  };
}

/** The id a model is served under: its Hub repo id, a directory's name, or `fewshot-mini`. */
export function servedModelId(source: ModelSource): string {
  switch (source.kind) {
    case 'hub':
      return source.repoId;
    case 'directory':
      return basename(source.directory.replace(/[/\\]+$/, ''));
    case 'bundled':
      return 'fewshot-mini';
  }
}
