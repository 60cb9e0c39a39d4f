import { type GenerationOptions, MAX_LOGPROBS, MAX_STOP_STRINGS } from '@fewshot/sampling';
import type { OptionSpec } from '../command-spec.js';

/**
 * The sampling flags of `fewshot generate`, each mapped one to one to a `GenerationOptions` field
 * of `@fewshot/sampling`. The CLI only turns text into numbers: ranges are checked by the
 * sampling package, whose errors are reported back under the flag's name (see
 * `flagError`), so the two can never disagree about what is allowed.
 */
export const NUMERIC_FLAGS = {
  'max-new-tokens': 'maxNewTokens',
  'min-new-tokens': 'minNewTokens',
  temperature: 'temperature',
  'top-k': 'topK',
  'top-p': 'topP',
  'min-p': 'minP',
  'typical-p': 'typicalP',
  'repetition-penalty': 'repetitionPenalty',
  'presence-penalty': 'presencePenalty',
  'frequency-penalty': 'frequencyPenalty',
  'no-repeat-ngram': 'noRepeatNgramSize',
  seed: 'seed',
  n: 'n',
  'best-of': 'bestOf',
  logprobs: 'logprobs',
  beams: 'numBeams',
  'length-penalty': 'lengthPenalty',
  'time-limit-ms': 'timeLimitMs',
} as const satisfies Record<string, keyof GenerationOptions>;

export const TEXT_FLAGS = {
  truncate: 'truncation',
  'length-normalization': 'lengthNormalization',
} as const satisfies Record<string, keyof GenerationOptions>;

/** Repeatable flags. */
export const LIST_FLAGS = {
  stop: 'stop',
  'logit-bias': 'logitBias',
} as const satisfies Record<string, keyof GenerationOptions>;

export type NumericFlag = keyof typeof NUMERIC_FLAGS;
export type TextFlag = keyof typeof TEXT_FLAGS;
/** The `GenerationOptions` fields that have a flag. */
type FlagField =
  | (typeof NUMERIC_FLAGS)[NumericFlag]
  | (typeof TEXT_FLAGS)[TextFlag]
  | (typeof LIST_FLAGS)[keyof typeof LIST_FLAGS];

/**
 * Every sampling flag, plus `--greedy`, as the parser and the help read them. Each default is
 * `@fewshot/sampling`'s own (`sampling-options.test.ts` checks them against it).
 */
export const SAMPLING_OPTIONS = {
  'max-new-tokens': {
    type: 'string',
    value: 'N',
    valueType: 'integer',
    allowed: '≥ 1',
    defaultText: '16',
    description: 'tokens to generate at most (finish_reason "length")',
  },
  'min-new-tokens': {
    type: 'string',
    value: 'N',
    valueType: 'integer',
    allowed: '≥ 0',
    defaultText: '0',
    description: 'the end-of-text token is masked until this many tokens',
  },
  temperature: {
    type: 'string',
    value: 'T',
    valueType: 'number',
    allowed: '≥ 0',
    defaultText: '1',
    description: 'divides the logits; 0 is greedy decoding',
  },
  greedy: { type: 'boolean', default: false, description: 'greedy decoding: --temperature 0' },
  'top-k': {
    type: 'string',
    value: 'K',
    valueType: 'integer',
    allowed: '≥ 0',
    defaultText: '0 (off)',
    description: 'keep the K likeliest tokens',
  },
  'top-p': {
    type: 'string',
    value: 'P',
    valueType: 'number',
    allowed: 'in (0, 1]',
    defaultText: '1 (off)',
    description: 'nucleus sampling: keep the likeliest tokens holding this much probability',
  },
  'min-p': {
    type: 'string',
    value: 'P',
    valueType: 'number',
    allowed: 'in [0, 1]',
    defaultText: '0 (off)',
    description: "drop tokens less likely than P times the likeliest one's probability",
  },
  'typical-p': {
    type: 'string',
    value: 'P',
    valueType: 'number',
    allowed: 'in (0, 1]',
    defaultText: '1 (off)',
    description: 'locally typical sampling: keep the most typical tokens holding this much probability',
  },
  'repetition-penalty': {
    type: 'string',
    value: 'R',
    valueType: 'number',
    allowed: '> 0',
    defaultText: '1 (off)',
    description: "Hugging Face's penalty on tokens already in the text",
  },
  'presence-penalty': {
    type: 'string',
    value: 'A',
    valueType: 'number',
    allowed: 'in [-2, 2]',
    defaultText: '0',
    description: "OpenAI's penalty on tokens already generated (a negative value needs =: --presence-penalty=-1)",
  },
  'frequency-penalty': {
    type: 'string',
    value: 'A',
    valueType: 'number',
    allowed: 'in [-2, 2]',
    defaultText: '0',
    description: "OpenAI's penalty per earlier occurrence (a negative value needs =: --frequency-penalty=-0.5)",
  },
  'no-repeat-ngram': {
    type: 'string',
    value: 'N',
    valueType: 'integer',
    allowed: '≥ 0',
    defaultText: '0 (off)',
    description: 'no n-gram of size N twice',
  },
  'logit-bias': {
    type: 'string',
    multiple: true,
    value: 'ID:BIAS',
    valueType: 'text',
    description: "adds BIAS, in [-100, 100], to token ID's logit; 50256:-100 bans GPT-2's end of text",
  },
  stop: {
    type: 'string',
    multiple: true,
    value: 'TEXT',
    valueType: 'text',
    description: `ends a completion, left out of its text (up to ${MAX_STOP_STRINGS}); \\n, \\t, \\\\ are unescaped`,
  },
  seed: {
    type: 'string',
    value: 'S',
    valueType: 'integer',
    defaultText: 'random, printed with --json',
    description: 'seed of the sampler: the same seed gives the same text',
  },
  n: {
    type: 'string',
    value: 'N',
    valueType: 'integer',
    allowed: 'in 1..128',
    defaultText: '1',
    description: 'completions to return',
  },
  'best-of': {
    type: 'string',
    value: 'M',
    valueType: 'integer',
    allowed: 'in N..128',
    defaultText: 'N',
    description: 'completions to generate, of which the N with the best mean logprob are returned',
  },
  logprobs: {
    type: 'string',
    value: 'N',
    valueType: 'integer',
    allowed: `in 0..${MAX_LOGPROBS}`,
    defaultText: 'off',
    description: "each token's logprob and the N likeliest alternatives",
  },
  beams: {
    type: 'string',
    value: 'N',
    valueType: 'integer',
    allowed: 'in 1..64',
    defaultText: '1 (no beam search)',
    description: 'beam search with N beams',
  },
  'length-penalty': {
    type: 'string',
    value: 'A',
    valueType: 'number',
    defaultText: '1',
    description: "a beam's score is its log-probability over its normalized length to the power A",
  },
  'length-normalization': {
    type: 'string',
    value: 'NAME',
    valueType: 'name',
    allowed: ['power', 'gnmt'],
    defaultText: 'power',
    description: "a beam's normalized length: its length (power) or (5 + length) / 6 (gnmt)",
  },
  truncate: {
    type: 'string',
    value: 'MODE',
    valueType: 'name',
    allowed: ['error', 'left'],
    defaultText: 'error',
    description: 'a prompt that leaves no room to generate: an error, or drop its oldest tokens',
  },
  'time-limit-ms': {
    type: 'string',
    value: 'MS',
    valueType: 'number',
    allowed: '> 0',
    defaultText: 'none',
    description: 'wall-clock budget (finish_reason "time_limit")',
  },
} as const satisfies Record<NumericFlag | TextFlag | keyof typeof LIST_FLAGS | 'greedy', OptionSpec>;

/**
 * The sampling options with the defaults of an application (`GENERATE_CODE_DEFAULTS` of
 * `@fewshot/prompting`, say) in their help in place of the sampling package's.
 */
export function samplingOptionsWithDefaults(defaults: GenerationOptions): typeof SAMPLING_OPTIONS {
  const table: Record<string, OptionSpec> = { ...SAMPLING_OPTIONS };
  const fields: Record<string, FlagField> = { ...NUMERIC_FLAGS, ...TEXT_FLAGS, ...LIST_FLAGS };
  for (const [flag, field] of Object.entries(fields)) {
    const value = defaults[field];
    const option = table[flag];
    if (value === undefined || option?.type !== 'string') continue;
    table[flag] = { ...option, defaultText: formatDefault(value) };
  }
  return table as typeof SAMPLING_OPTIONS;
}

/** A default as the flag takes it: stop strings quoted (a newline shows as \n), a logit bias as ID:BIAS. */
function formatDefault(value: NonNullable<GenerationOptions[FlagField]>): string {
  if (typeof value === 'number' || typeof value === 'string') return String(value);
  if (Array.isArray(value)) return value.map((item) => JSON.stringify(item)).join(', ');
  const bias = value instanceof Map ? [...value.entries()] : Object.entries(value);
  return bias.map(([id, logit]) => `${String(id)}:${String(logit)}`).join(', ');
}
