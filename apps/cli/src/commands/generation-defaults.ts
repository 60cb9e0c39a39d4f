import type { GenerationDefaults } from '@fewshot/hub';
import type { GenerationOptions } from '@fewshot/sampling';

/** The fields of a generation config that are sampling options under the same name. */
const SAMPLING_KEYS = [
  'maxNewTokens', 'minNewTokens', 'temperature', 'topK', 'topP', 'typicalP', 'repetitionPenalty', 'noRepeatNgramSize', 'numBeams', 'lengthPenalty',
] as const satisfies readonly (keyof GenerationDefaults & keyof GenerationOptions)[];

/**
 * A checkpoint's `generation_config.json` as sampling options, for the user's flags to override:
 * its sampling settings, its end-of-text ids inside the vocabulary, and `max_length` (prompt and
 * completion, as transformers counts it) as the new tokens left after `promptLength`.
 */
export function generationConfigOptions(defaults: GenerationDefaults, promptLength: number, vocabSize: number): GenerationOptions {
  const { maxLength, eosTokenId } = defaults;
  const options: GenerationOptions = {};
  for (const key of SAMPLING_KEYS) if (defaults[key] !== undefined) options[key] = defaults[key];
  if (options.maxNewTokens === undefined && maxLength !== undefined && maxLength > promptLength) options.maxNewTokens = maxLength - promptLength;
  const eos = eosTokenId?.filter((id) => id < vocabSize) ?? [];
  if (eos.length > 0) options.eosTokenId = eos;
  return options;
}
