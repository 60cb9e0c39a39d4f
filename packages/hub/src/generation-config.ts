import { CheckpointError } from '@fewshot/model';

/**
 * A checkpoint's `generation_config.json` in the names of `@fewshot/sampling`'s `GenerationOptions`
 * (each field only when the file sets it), for callers to spread under the user's own options.
 */
export interface GenerationDefaults {
  readonly maxNewTokens?: number;
  /** `max_length`: prompt and completion together, as transformers counts it. */
  readonly maxLength?: number;
  readonly minNewTokens?: number;
  /** `do_sample: false` → 0 (greedy); else the file's temperature. */
  readonly temperature?: number;
  readonly topK?: number;
  readonly topP?: number;
  readonly typicalP?: number;
  readonly repetitionPenalty?: number;
  readonly noRepeatNgramSize?: number;
  readonly numBeams?: number;
  readonly lengthPenalty?: number;
  readonly eosTokenId?: readonly number[];
  readonly bosTokenId?: number;
  readonly padTokenId?: number;
}

const NUMBER_FIELDS = {
  max_new_tokens: 'maxNewTokens',
  max_length: 'maxLength',
  min_new_tokens: 'minNewTokens',
  temperature: 'temperature',
  top_k: 'topK',
  top_p: 'topP',
  typical_p: 'typicalP',
  repetition_penalty: 'repetitionPenalty',
  no_repeat_ngram_size: 'noRepeatNgramSize',
  num_beams: 'numBeams',
  length_penalty: 'lengthPenalty',
  bos_token_id: 'bosTokenId',
  pad_token_id: 'padTokenId',
} as const;

/**
 * Reads a parsed `generation_config.json`; a field of the wrong type is a one-line
 * {@link CheckpointError} naming `file`, the field and its value. Unknown fields are ignored.
 */
export function parseGenerationConfig(json: Record<string, unknown>, file: string): GenerationDefaults {
  const fail = (field: string, expected: string): never => {
    throw new CheckpointError(
      file,
      undefined,
      `${field} = ${JSON.stringify(json[field])} is invalid: expected ${expected}`,
    );
  };
  const defaults: Record<string, unknown> = {};
  for (const [field, option] of Object.entries(NUMBER_FIELDS)) {
    const value = json[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'number' || !Number.isFinite(value)) fail(field, 'a number');
    defaults[option] = value;
  }
  const eos = json.eos_token_id;
  if (eos !== undefined && eos !== null) {
    const ids = Array.isArray(eos) ? (eos as unknown[]) : [eos];
    if (!ids.every((id) => Number.isSafeInteger(id) && (id as number) >= 0))
      fail('eos_token_id', 'a token id or a list of them');
    defaults.eosTokenId = ids;
  }
  const sample = json.do_sample;
  if (sample !== undefined && typeof sample !== 'boolean') fail('do_sample', 'true or false');
  if (sample === false) defaults.temperature = 0;
  return defaults;
}

/** The sampling options a generation config sets (`@fewshot/sampling`'s `GenerationOptions` names). */
export type SamplingDefaults = Partial<Pick<GenerationDefaults, (typeof SAMPLING_KEYS)[number]>> & {
  eosTokenId?: readonly number[];
};

const SAMPLING_KEYS = [
  'maxNewTokens',
  'minNewTokens',
  'temperature',
  'topK',
  'topP',
  'typicalP',
  'repetitionPenalty',
  'noRepeatNgramSize',
  'numBeams',
  'lengthPenalty',
] as const;

/**
 * A generation config as options for one request, to spread under the caller's own: its sampling
 * settings, its end-of-text ids inside the vocabulary, and `max_length` (prompt and completion, as
 * transformers counts it) as the new tokens left after `promptLength`.
 */
export function samplingDefaults(
  defaults: GenerationDefaults,
  promptLength: number,
  vocabSize: number,
): SamplingDefaults {
  const options: Record<string, unknown> = {};
  for (const key of SAMPLING_KEYS) if (defaults[key] !== undefined) options[key] = defaults[key];
  const { maxLength, eosTokenId } = defaults;
  if (options.maxNewTokens === undefined && maxLength !== undefined && maxLength > promptLength)
    options.maxNewTokens = maxLength - promptLength;
  const eos = eosTokenId?.filter((id) => id < vocabSize) ?? [];
  if (eos.length > 0) options.eosTokenId = eos;
  return options;
}
