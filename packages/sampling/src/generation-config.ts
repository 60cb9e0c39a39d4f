import { GenerationOptionError } from './generation-error.js';
import { BannedSequencesProcessor } from './processors/banned-sequences.js';
import { LogitBiasProcessor } from './processors/logit-bias.js';
import { requireInteger, requireNumber, requireOneOf, requireTokenId } from './validate.js';

/** Everything a caller may set; every field is optional (see {@link resolveGenerationConfig} for defaults). */
export interface GenerationOptions {
  /** Tokens to generate at most (≥ 1). Default 16, as OpenAI's completions API. */
  maxNewTokens?: number;
  /** EOS is masked until this many tokens were generated (≥ 0). Default 0. */
  minNewTokens?: number;
  /** Token id(s) that end a completion (kept out of the text). Default: none. */
  eosTokenId?: number | readonly number[];
  /** Up to 16 strings that end a completion; the stop string is not part of the text. */
  stop?: string | readonly string[];
  /** ≥ 0; 0 is greedy decoding. Default 1. */
  temperature?: number;
  /** Keep the k most likely tokens; 0 disables. Default 0. */
  topK?: number;
  /** Nucleus mass in (0, 1]; 1 disables. Default 1. */
  topP?: number;
  /** Relative probability floor in [0, 1]; 0 disables. Default 0. */
  minP?: number;
  /** Typical mass in (0, 1]; 1 disables. Default 1. */
  typicalP?: number;
  /** Hugging Face repetition penalty, > 0; 1 disables. Default 1. */
  repetitionPenalty?: number;
  /** OpenAI presence penalty in [−2, 2]. Default 0. */
  presencePenalty?: number;
  /** OpenAI frequency penalty in [−2, 2]. Default 0. */
  frequencyPenalty?: number;
  /** Token id → bias in [−100, 100], added to the logit. */
  logitBias?: ReadonlyMap<number, number> | Readonly<Record<string, number>>;
  /** Token sequences that may never be generated. */
  bannedSequences?: readonly (readonly number[])[];
  /** Forbid repeating any n-gram of this size; 0 disables. Default 0. */
  noRepeatNgramSize?: number;
  /** Seed of the sampling RNG (a safe integer). Default: a random seed, reported in the result. */
  seed?: number;
  /** Beam width; 1 is no beam search. Default 1. */
  numBeams?: number;
  /** Beam score = log p / lengthNorm(len)^lengthPenalty. Default 1. */
  lengthPenalty?: number;
  /** `'power'`: len (Hugging Face); `'gnmt'`: (5 + len) / 6 (Wu et al. 2016, GPT-3's α = 0.6). Default `'power'`. */
  lengthNormalization?: 'power' | 'gnmt';
  /** Completions to return (≥ 1). Default 1. */
  n?: number;
  /** Completions to generate, of which the `n` with the highest mean token logprob are returned (≥ n). Default n. */
  bestOf?: number;
  /** Report each token's logprob and this many top alternatives (0..20), as OpenAI `logprobs`. */
  logprobs?: number;
  /** Prompt longer than the context: `'error'` (default) or `'left'` (drop the oldest tokens). */
  truncation?: 'error' | 'left';
  /** Stops generation with finish reason `abort`. */
  signal?: AbortSignal;
  /** Wall-clock budget in milliseconds; when spent, finish reason `time_limit`. */
  timeLimitMs?: number;
}

/** Options with every default filled in and every value checked. */
export interface GenerationConfig {
  readonly maxNewTokens: number;
  readonly minNewTokens: number;
  readonly eosTokenIds: readonly number[];
  readonly stop: readonly string[];
  readonly temperature: number;
  readonly topK: number;
  readonly topP: number;
  readonly minP: number;
  readonly typicalP: number;
  readonly repetitionPenalty: number;
  readonly presencePenalty: number;
  readonly frequencyPenalty: number;
  readonly logitBias: ReadonlyMap<number, number> | Readonly<Record<string, number>>;
  readonly bannedSequences: readonly (readonly number[])[];
  readonly noRepeatNgramSize: number;
  readonly seed: number;
  readonly numBeams: number;
  readonly lengthPenalty: number;
  readonly lengthNormalization: 'power' | 'gnmt';
  readonly n: number;
  readonly bestOf: number;
  readonly logprobs: number | undefined;
  readonly truncation: 'error' | 'left';
  readonly signal: AbortSignal | undefined;
  readonly timeLimitMs: number;
}

/** OpenAI allows 4 stop sequences; we allow more, but not an unbounded scan per token. */
export const MAX_STOP_STRINGS = 16;
/** OpenAI's cap on top alternatives per token. */
export const MAX_LOGPROBS = 20;

/**
 * Checks options against the model's vocabulary and fills in defaults. Throws a
 * {@link GenerationOptionError} naming the first bad parameter, its value and the allowed range.
 */
export function resolveGenerationConfig(options: GenerationOptions, vocabSize: number): GenerationConfig {
  const o = options;
  const eosTokenIds =
    o.eosTokenId === undefined ? [] : typeof o.eosTokenId === 'number' ? [o.eosTokenId] : o.eosTokenId;
  eosTokenIds.forEach((id, i) =>
    requireTokenId(typeof o.eosTokenId === 'number' ? 'eosTokenId' : `eosTokenId[${i}]`, id, vocabSize),
  );
  const stop = o.stop === undefined ? [] : typeof o.stop === 'string' ? [o.stop] : o.stop;
  if (stop.length > MAX_STOP_STRINGS) {
    throw new GenerationOptionError('stop', stop, `expected at most ${MAX_STOP_STRINGS} stop strings`);
  }
  stop.forEach((s, i) => {
    if (typeof s !== 'string' || s.length === 0)
      throw new GenerationOptionError(`stop[${i}]`, s, 'expected a non-empty string');
  });
  const n = requireInteger('n', o.n ?? 1, 1, 128);
  const numBeams = requireInteger('numBeams', o.numBeams ?? 1, 1, 64);
  const bestOf = requireInteger('bestOf', o.bestOf ?? n, n, 128);
  if (numBeams > 1 && n > numBeams) {
    throw new GenerationOptionError(
      'n',
      n,
      `expected at most numBeams = ${numBeams} with beam search (one completion per beam)`,
    );
  }
  if (numBeams > 1 && bestOf !== n) {
    throw new GenerationOptionError(
      'bestOf',
      bestOf,
      `expected bestOf = n = ${n} with beam search (beams are already ranked)`,
    );
  }
  const lengthNormalization = requireOneOf('lengthNormalization', o.lengthNormalization ?? 'power', ['power', 'gnmt']);
  const truncation = requireOneOf('truncation', o.truncation ?? 'error', ['error', 'left']);
  if (o.signal !== undefined && !(o.signal instanceof AbortSignal)) {
    throw new GenerationOptionError('signal', o.signal, 'expected an AbortSignal');
  }
  const bannedSequences = o.bannedSequences ?? [];
  if (!Array.isArray(bannedSequences)) {
    throw new GenerationOptionError('bannedSequences', bannedSequences, 'expected an array of token id arrays');
  }
  // The processors validate their own inputs; building them here reports errors up front.
  new BannedSequencesProcessor(bannedSequences, vocabSize);
  const logitBias = o.logitBias ?? {};
  new LogitBiasProcessor(logitBias, vocabSize);
  return {
    maxNewTokens: requireInteger('maxNewTokens', o.maxNewTokens ?? 16, 1),
    minNewTokens: requireInteger('minNewTokens', o.minNewTokens ?? 0, 0),
    eosTokenIds,
    stop,
    temperature: requireNumber('temperature', o.temperature ?? 1, { min: 0 }),
    topK: requireInteger('topK', o.topK ?? 0, 0),
    topP: requireNumber('topP', o.topP ?? 1, { min: 0, max: 1, minOpen: true }),
    minP: requireNumber('minP', o.minP ?? 0, { min: 0, max: 1 }),
    typicalP: requireNumber('typicalP', o.typicalP ?? 1, { min: 0, max: 1, minOpen: true }),
    repetitionPenalty: requireNumber('repetitionPenalty', o.repetitionPenalty ?? 1, { min: 0, minOpen: true }),
    presencePenalty: requireNumber('presencePenalty', o.presencePenalty ?? 0, { min: -2, max: 2 }),
    frequencyPenalty: requireNumber('frequencyPenalty', o.frequencyPenalty ?? 0, { min: -2, max: 2 }),
    logitBias,
    bannedSequences,
    noRepeatNgramSize: requireInteger('noRepeatNgramSize', o.noRepeatNgramSize ?? 0, 0),
    seed: requireInteger('seed', o.seed ?? Math.floor(Math.random() * 2 ** 32), -Number.MAX_SAFE_INTEGER),
    numBeams,
    lengthPenalty: requireNumber('lengthPenalty', o.lengthPenalty ?? 1),
    lengthNormalization,
    n,
    bestOf,
    logprobs: o.logprobs === undefined ? undefined : requireInteger('logprobs', o.logprobs, 0, MAX_LOGPROBS),
    truncation,
    signal: o.signal,
    timeLimitMs:
      o.timeLimitMs === undefined ? Infinity : requireNumber('timeLimitMs', o.timeLimitMs, { min: 0, minOpen: true }),
  };
}
