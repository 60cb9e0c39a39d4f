import { type ApplicationResult, PromptingError } from '@fewshot/prompting';
import { type GenerationOptions, GenerationOptionError, type LanguageModel } from '@fewshot/sampling';
import type { BpeTokenizer } from '@fewshot/tokenizer';
import { type CliIo, UsageError } from '../io.js';
import { type ModelFlags, loadCliModel } from '../load-model.js';
import { interruptible } from './generate.js';
import { type SamplingFlagValues, flagError, generationOptionsFromFlags } from './generate-options.js';

/** The loaded checkpoint as an application sees it: interruptible by Ctrl-C, with its tokenizer. */
export interface ApplicationModel {
  readonly model: LanguageModel;
  readonly tokenizer: BpeTokenizer;
  readonly eosTokenId: number | undefined;
}

/**
 * Loads the checkpoint, runs an application on it and disposes it. Errors of the library are
 * restated as usage errors under the flag that caused them: a sampling option under its own
 * flag, anything about the text under `inputFlag`.
 */
export async function runApplication<T>(
  values: ModelFlags,
  inputFlag: string,
  run: (loaded: ApplicationModel) => Promise<T>,
): Promise<T> {
  const cli = await loadCliModel(values);
  try {
    return await run({ model: interruptible(cli.model), tokenizer: cli.tokenizer, eosTokenId: cli.eosTokenId });
  } catch (error) {
    if (error instanceof GenerationOptionError) throw flagError(error, inputFlag);
    if (error instanceof PromptingError) throw new UsageError(`${inputFlag}: ${error.message}`);
    throw error;
  } finally {
    cli.model.dispose();
  }
}

/** The sampling flags as options, with the checkpoint's end of text and the user's Ctrl-C. */
export function samplingOptions(values: SamplingFlagValues, loaded: ApplicationModel, io: CliIo): GenerationOptions {
  return {
    ...generationOptionsFromFlags(values),
    ...(loaded.eosTokenId === undefined ? {} : { eosTokenId: loaded.eosTokenId }),
    ...(io.signal === undefined ? {} : { signal: io.signal }),
  };
}

/** `--json` of a generating application: its prompt, its answer under `field`, and how generation went. */
export function applicationJson(
  field: string,
  value: string,
  { prompt, result }: ApplicationResult,
): Record<string, unknown> {
  const completion = result.completions[0];
  return {
    prompt,
    [field]: value,
    finish_reason: completion?.finishReason ?? null,
    usage: {
      prompt_tokens: result.usage.promptTokens,
      completion_tokens: result.usage.completionTokens,
      total_tokens: result.usage.totalTokens,
    },
    seed: result.seed,
  };
}
