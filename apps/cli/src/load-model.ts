import { BACKEND_NAMES, type BackendName, CheckpointError, type GptModel, type LoadedCheckpoint, loadHuggingFaceModel, selectBackend } from '@fewshot/model';
import { type BpeTokenizer, TokenizerError, getEncoding } from '@fewshot/tokenizer';
import { loadTokenizerJson, loadVocabAndMerges } from '@fewshot/tokenizer/node';
import { CommandError, UsageError } from './io.js';
import { resolveModelDirectory } from './model-directory.js';

/** A checkpoint opened for a command, with the tokenizer that goes with it. */
export interface CliModel {
  readonly directory: string;
  /** The caller disposes it. */
  readonly model: GptModel;
  readonly tokenizer: BpeTokenizer;
  /** The checkpoint's `eos_token_id`, else the tokenizer's `<|endoftext|>`, when inside the vocabulary. */
  readonly eosTokenId: number | undefined;
}

/** What the user passed: `--model` (omitted: the bundled model) and `--backend`. */
export interface ModelFlags {
  readonly model?: string | undefined;
  readonly backend?: string | undefined;
}

/**
 * Activates the backend and loads the checkpoint a command names. A bad `--backend` name is a
 * {@link UsageError} (exit 2); a backend that cannot start, a directory that is not a checkpoint
 * or unreadable tokenizer files are a {@link CommandError} (exit 1), each one line.
 */
export async function loadCliModel(flags: ModelFlags): Promise<CliModel> {
  const backend = parseBackendFlag(flags.backend);
  const directory = resolveModelDirectory(flags.model);
  try {
    await selectBackend(backend);
  } catch (error) {
    // A backend that was named and cannot start (e.g. tensorflow without tfjs-node).
    throw new CommandError(`--backend: ${(error as Error).message}`);
  }
  let checkpoint: LoadedCheckpoint;
  try {
    checkpoint = await loadHuggingFaceModel(directory);
  } catch (error) {
    if (error instanceof CheckpointError) throw new CommandError(error.message);
    throw error;
  }
  const { model, huggingFaceConfig, tokenizerFiles } = checkpoint;
  try {
    const tokenizer = await loadModelTokenizer(tokenizerFiles);
    return { directory, model, tokenizer, eosTokenId: endOfText(huggingFaceConfig, tokenizer, model.config.vocabSize) };
  } catch (error) {
    model.dispose();
    if (error instanceof TokenizerError) throw new CommandError(error.message);
    throw error;
  }
}

function parseBackendFlag(backend: string | undefined): BackendName | undefined {
  if (backend !== undefined && !(BACKEND_NAMES as readonly string[]).includes(backend)) {
    throw new UsageError(`--backend ${backend}: expected one of ${BACKEND_NAMES.join(', ')}`);
  }
  return backend as BackendName | undefined;
}

/**
 * The tokenizer that goes with a checkpoint: its `tokenizer.json`, else its `vocab.json` +
 * `merges.txt`, else GPT-2/GPT-3's r50k_base (which every GPT-2 and GPT-Neo checkpoint uses).
 */
async function loadModelTokenizer(files: LoadedCheckpoint['tokenizerFiles']): Promise<BpeTokenizer> {
  if (files['tokenizer.json'] !== undefined) return loadTokenizerJson(files['tokenizer.json']);
  if (files['vocab.json'] !== undefined && files['merges.txt'] !== undefined) return loadVocabAndMerges(files['vocab.json'], files['merges.txt']);
  return getEncoding('r50k_base');
}

function endOfText(config: Readonly<Record<string, unknown>>, tokenizer: BpeTokenizer, vocabSize: number): number | undefined {
  const candidates = [config.eos_token_id, tokenizer.specialTokens['<|endoftext|>']];
  return candidates.find((id): id is number => Number.isInteger(id) && (id as number) >= 0 && (id as number) < vocabSize);
}
