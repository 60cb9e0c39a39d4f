import { type GenerationDefaults, HubError, type ModelSource, describeModelSource, loadPretrained } from '@fewshot/hub';
import { DECODING_DTYPES, type DecodingDtype, installKernels, quantizeForDecoding } from '@fewshot/kernels';
import { type BackendChoice, CheckpointError, type GptModel } from '@fewshot/model';
import { BACKEND_NAMES, type BackendName, selectBackend } from '@fewshot/model/node';
import { type BpeTokenizer, TokenizerError } from '@fewshot/tokenizer';
import { createDownloadProgress } from './commands/download-progress.js';
import { type CliIo, CommandError, UsageError } from './io.js';

/** A checkpoint opened for a command, with the tokenizer that goes with it. */
export interface CliModel {
  /** The checkpoint directory (a Hub repo's cached snapshot). */
  readonly directory: string;
  /** Where it came from, in one line. */
  readonly name: string;
  readonly source: ModelSource;
  /** The caller disposes it. */
  readonly model: GptModel;
  readonly tokenizer: BpeTokenizer;
  /** `generation_config.json`'s first `eos_token_id`, else `config.json`'s, else `<|endoftext|>` (in vocabulary). */
  readonly eosTokenId: number | undefined;
  /** The checkpoint's `generation_config.json` (empty without one): defaults under the user's flags. */
  readonly generationConfig: GenerationDefaults;
  /** The backend it runs on. */
  readonly backend: BackendChoice;
}

/**
 * What the user passed: `--model` (omitted: the bundled model), `--revision`, `--backend`, and
 * for the commands that take it `--weights` (omitted: the weights as loaded).
 */
export interface ModelFlags {
  readonly model?: string | undefined;
  readonly revision?: string | undefined;
  readonly backend?: string | undefined;
  readonly weights?: string | undefined;
}

/**
 * How `--weights` applies: to products of at most `weightRows` rows (decoding steps: the
 * default of `quantizeForDecoding`), or to every product (`Infinity`, when a command scores whole
 * texts in one pass).
 */
export interface WeightsUse {
  readonly weightRows?: number;
}

/**
 * Activates the backend and loads the model a command names — a checkpoint directory, a Hub
 * repo (downloaded into the Hugging Face cache with a progress bar on stderr, or read from it
 * with HF_HUB_OFFLINE=1), or the bundled fewshot-mini. A bad `--backend` name is a
 * {@link UsageError} (exit 2); a backend that cannot start, a model that cannot be found or
 * fetched, a directory that is not a checkpoint or unreadable tokenizer files are a
 * {@link CommandError} (exit 1), each one line.
 */
export async function loadCliModel(
  flags: ModelFlags,
  io?: Pick<CliIo, 'stderr' | 'signal'>,
  use: WeightsUse = {},
): Promise<CliModel> {
  const backend = parseBackendFlag(flags.backend);
  const weights = parseWeightsFlag(flags.weights);
  try {
    installKernels();
    await selectBackend(backend);
  } catch (error) {
    // A backend that was named and cannot start (e.g. tensorflow without tfjs-node).
    throw new CommandError(`--backend: ${(error as Error).message}`);
  }
  const progress =
    io === undefined ? undefined : createDownloadProgress({ write: io.stderr, interactive: process.stderr.isTTY });
  try {
    const loaded = await loadPretrained(flags.model, {
      ...(flags.revision === undefined ? {} : { revision: flags.revision }),
      ...(backend === undefined ? {} : { backend }),
      ...(progress === undefined ? {} : { onProgress: progress.update }),
      ...(io?.signal === undefined ? {} : { signal: io.signal }),
    });
    const { source, model, tokenizer, eosTokenId, generationConfig, backend: activeBackend } = loaded;
    if (weights !== undefined) {
      await quantizeForDecoding(model, weights, use.weightRows === undefined ? {} : { maxRows: use.weightRows });
    }
    return {
      directory: source.directory,
      name: describeModelSource(source),
      source,
      model,
      tokenizer,
      eosTokenId,
      generationConfig,
      backend: activeBackend,
    };
  } catch (error) {
    if (error instanceof HubError && error.code === 'InvalidName') throw new UsageError(`--model: ${error.message}`);
    if (error instanceof HubError || error instanceof CheckpointError || error instanceof TokenizerError)
      throw new CommandError(error.message);
    throw error;
  } finally {
    progress?.finish();
  }
}

/** The storage `--weights` names; undefined without the flag (the weights as loaded). */
function parseWeightsFlag(weights: string | undefined): DecodingDtype | undefined {
  if (weights === undefined) return undefined;
  if (!(DECODING_DTYPES as readonly string[]).includes(weights)) {
    throw new UsageError(`--weights ${weights}: expected one of ${DECODING_DTYPES.join(', ')}`);
  }
  return weights as DecodingDtype;
}

function parseBackendFlag(backend: string | undefined): BackendName | undefined {
  if (backend !== undefined && !(BACKEND_NAMES as readonly string[]).includes(backend)) {
    throw new UsageError(`--backend ${backend}: expected one of ${BACKEND_NAMES.join(', ')}`);
  }
  return backend as BackendName | undefined;
}
