import { type GenerationOptions, GenerationOptionError, resolveGenerationConfig } from '@fewshot/sampling';
import { ApiError } from '../http/api-error.js';
import {
  type RequestBody,
  describe,
  optionalBoolean,
  optionalNumber,
  optionalString,
  rejectUnknownFields,
  requiredString,
} from '../http/request-fields.js';

/** What a completion request needs to know about the served model. */
export interface CompletionTarget {
  readonly modelId: string;
  readonly contextLength: number;
  readonly vocabSize: number;
  readonly eosTokenId: number | undefined;
  /** The checkpoint's `generation_config.json` warpers, for the fields a request leaves out. */
  readonly samplingDefaults: SamplingDefaults;
  /** Most completions (prompts × best_of) one request may ask for. */
  readonly maxChoices: number;
  /** Most tokens (prompts × best_of × max_tokens) one request may ask to generate. */
  readonly maxTokens: number;
  encode(text: string): number[];
}

/** The warpers a checkpoint's `generation_config.json` may set as defaults of the API. */
export type SamplingDefaults = Pick<
  GenerationOptions,
  'temperature' | 'topP' | 'topK' | 'typicalP' | 'repetitionPenalty'
>;

/** A validated `POST /v1/completions` request. */
export interface CompletionRequest {
  /** One token sequence per prompt. */
  readonly prompts: readonly (readonly number[])[];
  readonly maxTokens: number;
  readonly n: number;
  readonly echo: boolean;
  /** Top alternatives per token (0..5), or undefined for no logprobs. */
  readonly logprobs: number | undefined;
  readonly stream: boolean;
  /** `stream_options.include_usage`: a last chunk with `usage` and no choices. */
  readonly includeUsage: boolean;
  /** Sampling options for `@fewshot/sampling`, already validated (no `signal` yet). */
  readonly generation: GenerationOptions;
}

// OpenAI's limits where they are tighter than @fewshot/sampling's.
const MAX_STOP = 4;
const MAX_LOGPROBS = 5;
const MAX_BEST_OF = 20;
const MAX_PROMPTS = 16;

/** OpenAI parameter names of the generation options, for errors raised by @fewshot/sampling. */
const OPENAI_NAMES: Readonly<Record<string, string>> = {
  maxNewTokens: 'max_tokens',
  topP: 'top_p',
  topK: 'top_k',
  minP: 'min_p',
  typicalP: 'typical_p',
  repetitionPenalty: 'repetition_penalty',
  presencePenalty: 'presence_penalty',
  frequencyPenalty: 'frequency_penalty',
  logitBias: 'logit_bias',
  bestOf: 'best_of',
};

/** Every field accepted: OpenAI's legacy Completions API, plus vLLM's names for the extra warpers. */
const KNOWN_FIELDS = new Set([
  'model',
  'prompt',
  'max_tokens',
  'temperature',
  'top_p',
  'n',
  'best_of',
  'stop',
  'presence_penalty',
  'frequency_penalty',
  'logit_bias',
  'logprobs',
  'echo',
  'seed',
  'stream',
  'stream_options',
  'suffix',
  'user',
  'top_k',
  'min_p',
  'typical_p',
  'repetition_penalty',
]);

/**
 * Validates a completion request against OpenAI's rules and the served model: every error is a
 * 400 naming the parameter (`param`), the value received and what is allowed; a prompt that
 * leaves no room for `max_tokens` is `context_length_exceeded`.
 */
export function parseCompletionRequest(body: RequestBody, target: CompletionTarget): CompletionRequest {
  rejectUnknownFields(body, KNOWN_FIELDS);
  const model = requiredString(body, 'model');
  if (model !== target.modelId) {
    throw new ApiError(
      404,
      `The model \`${model}\` does not exist; this server serves \`${target.modelId}\``,
      'not_found_error',
      'model',
      'model_not_found',
    );
  }
  if (optionalString(body, 'suffix') !== undefined)
    throw ApiError.invalid('suffix', 'suffix is not supported: the served models are left-to-right only');
  optionalString(body, 'user');
  const stream = optionalBoolean(body, 'stream') ?? false;
  const includeUsage = readStreamOptions(body, stream);
  const echo = optionalBoolean(body, 'echo') ?? false;
  const logprobs = optionalNumber(body, 'logprobs', { min: 0, max: MAX_LOGPROBS, integer: true });
  const maxTokens = optionalNumber(body, 'max_tokens', { min: echo ? 0 : 1, integer: true }) ?? 16;
  optionalNumber(body, 'temperature', { min: 0, max: 2 });
  const n = optionalNumber(body, 'n', { min: 1, max: 128, integer: true }) ?? 1;
  const bestOf = optionalNumber(body, 'best_of', { min: n, max: MAX_BEST_OF, integer: true });
  if (stream && bestOf !== undefined && bestOf > n)
    throw ApiError.invalid(
      'best_of',
      `best_of = ${bestOf} cannot be used with stream (it picks completions after generating them all)`,
    );
  const stop = readStop(body);

  const generation: GenerationOptions = {
    maxNewTokens: Math.max(maxTokens, 1),
    temperature: numberOrUndefined(body.temperature) ?? target.samplingDefaults.temperature,
    topP: numberOrUndefined(body.top_p) ?? target.samplingDefaults.topP,
    topK: numberOrUndefined(body.top_k) ?? target.samplingDefaults.topK,
    minP: numberOrUndefined(body.min_p),
    typicalP: numberOrUndefined(body.typical_p) ?? target.samplingDefaults.typicalP,
    repetitionPenalty: numberOrUndefined(body.repetition_penalty) ?? target.samplingDefaults.repetitionPenalty,
    presencePenalty: numberOrUndefined(body.presence_penalty),
    frequencyPenalty: numberOrUndefined(body.frequency_penalty),
    logitBias: readLogitBias(body),
    seed: numberOrUndefined(body.seed),
    n,
    bestOf,
    stop,
    logprobs,
    eosTokenId: target.eosTokenId,
  };
  try {
    resolveGenerationConfig(generation, target.vocabSize);
  } catch (error) {
    if (!(error instanceof GenerationOptionError)) throw error;
    const name = error.field.replace(/^[a-zA-Z]+/, (option) => OPENAI_NAMES[option] ?? option);
    // `logit_bias key` (a bad token id) is a fault of the field as a whole.
    throw ApiError.invalid(
      name.replace(/ key$/, ''),
      `${name} = ${describe(error.value)} is invalid: ${error.allowed}`,
    );
  }

  const prompts = readPrompts(body, target);
  checkRequestSize(prompts.length, bestOf ?? n, bestOf === undefined ? 'n' : 'best_of', maxTokens, target);
  prompts.forEach((ids, i) => {
    if (ids.length + maxTokens > target.contextLength) {
      const which = prompts.length > 1 ? ` (prompt[${i}])` : '';
      throw ApiError.invalid(
        'prompt',
        `This model's maximum context length is ${target.contextLength} ` +
          `tokens, however you requested ${ids.length + maxTokens} tokens ` +
          `(${ids.length} in your prompt${which}; ${maxTokens} for the ` +
          'completion). Please reduce your prompt or completion length.',
        'context_length_exceeded',
      );
    }
  });
  return { prompts, maxTokens, n, echo, logprobs, stream, includeUsage, generation };
}

/** The server's per-request caps, so one request cannot claim the model for minutes. */
function checkRequestSize(
  prompts: number,
  perPrompt: number,
  perPromptName: string,
  maxTokens: number,
  target: CompletionTarget,
): void {
  const choices = prompts * perPrompt;
  if (choices > target.maxChoices) {
    throw ApiError.invalid(
      perPromptName,
      `${prompts} prompt(s) × ${perPromptName} = ${perPrompt} asks for ${choices} completions; ` +
        `this server allows at most ${target.maxChoices} per request`,
      'request_too_large',
    );
  }
  const tokens = choices * maxTokens;
  if (tokens > target.maxTokens) {
    throw ApiError.invalid(
      'max_tokens',
      `${choices} completion(s) × max_tokens = ${maxTokens} asks for ${tokens} tokens; ` +
        `this server allows at most ${target.maxTokens} per request`,
      'request_too_large',
    );
  }
}

function numberOrUndefined(value: unknown): number | undefined {
  // Non-numbers are passed on as they are, for @fewshot/sampling to name in its error.
  return value === null ? undefined : (value as number | undefined);
}

function readStreamOptions(body: RequestBody, stream: boolean): boolean {
  const options = body.stream_options;
  if (options === undefined || options === null) return false;
  if (!stream) throw ApiError.invalid('stream_options', 'stream_options is only allowed when stream is true');
  if (typeof options !== 'object' || Array.isArray(options))
    throw ApiError.invalid('stream_options', `stream_options = ${describe(options)} is invalid: expected an object`);
  const include = optionalBoolean(options as RequestBody, 'include_usage');
  return include ?? false;
}

function readStop(body: RequestBody): string[] | undefined {
  const stop = body.stop;
  if (stop === undefined || stop === null) return undefined;
  const list = typeof stop === 'string' ? [stop] : stop;
  if (!Array.isArray(list) || list.length > MAX_STOP) {
    throw ApiError.invalid(
      'stop',
      `stop = ${describe(stop)} is invalid: expected a string or a list of up to ${MAX_STOP} strings`,
    );
  }
  return list as string[];
}

function readLogitBias(body: RequestBody): Record<string, number> | undefined {
  const bias = body.logit_bias;
  if (bias === undefined || bias === null) return undefined;
  if (typeof bias !== 'object' || Array.isArray(bias)) {
    throw ApiError.invalid(
      'logit_bias',
      `logit_bias = ${describe(bias)} is invalid: expected an object mapping token ids to biases in [-100, 100]`,
    );
  }
  return bias as Record<string, number>;
}

/**
 * OpenAI's four prompt forms: a string, a list of strings, a list of token ids, or a list of
 * such lists. A missing prompt is the end-of-text token, as in OpenAI's API.
 */
function readPrompts(body: RequestBody, target: CompletionTarget): number[][] {
  const prompt = body.prompt;
  const invalid = (detail: string): ApiError =>
    ApiError.invalid('prompt', `prompt = ${describe(prompt)} is invalid: ${detail}`);
  if (prompt === undefined || prompt === null) {
    if (target.eosTokenId === undefined)
      throw ApiError.invalid('prompt', 'prompt is required: this model has no end-of-text token to start from');
    return [[target.eosTokenId]];
  }
  const isIds = (value: unknown): value is number[] =>
    Array.isArray(value) && value.length > 0 && value.every((id) => typeof id === 'number');
  let prompts: number[][];
  if (typeof prompt === 'string') prompts = [target.encode(prompt)];
  else if (isIds(prompt)) prompts = [prompt];
  else if (Array.isArray(prompt) && prompt.length > 0 && prompt.every((item) => typeof item === 'string'))
    prompts = prompt.map((text: string) => target.encode(text));
  else if (Array.isArray(prompt) && prompt.length > 0 && prompt.every(isIds)) prompts = prompt;
  else throw invalid('expected a string, a list of strings, a list of token ids or a list of token id lists');
  if (prompts.length > MAX_PROMPTS) throw invalid(`expected at most ${MAX_PROMPTS} prompts`);
  prompts.forEach((ids, i) => {
    if (ids.length === 0)
      throw ApiError.invalid(
        'prompt',
        `prompt${prompts.length > 1 ? `[${i}]` : ''} is empty: give at least one token of text`,
      );
    const bad = ids.findIndex((id) => !Number.isInteger(id) || id < 0 || id >= target.vocabSize);
    if (bad >= 0) throw invalid(`token ${bad} is ${ids[bad] ?? ''}; expected ids in [0, ${target.vocabSize})`);
  });
  return prompts;
}
