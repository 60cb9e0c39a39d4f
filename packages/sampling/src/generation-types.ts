import type { TokenLogprob } from './logprobs.js';
import type { FinishReason } from './stopping-criteria.js';

/** One generated token. */
export interface GeneratedToken {
  readonly id: number;
  /** Log-probability under the model's raw distribution (see `tokenLogprobs`). */
  readonly logprob: number;
  /** The most likely alternatives at this position, when `logprobs` was asked for. */
  readonly topLogprobs?: readonly TokenLogprob[];
}

/** One finished completion. */
export interface Completion {
  /** Position among the returned completions, 0 .. n − 1. */
  readonly index: number;
  /** The generated text: no stop string, no EOS token, never a split character except a final U+FFFD. */
  readonly text: string;
  /** Every generated token, including an EOS token and the tokens that formed a stop string. */
  readonly tokens: readonly GeneratedToken[];
  readonly finishReason: FinishReason;
  /** Sum of the tokens' logprobs. */
  readonly logprob: number;
  /** Beam search only: the length-normalised score the beams were ranked by. */
  readonly score?: number;
}

/** Token counts, as OpenAI's `usage`. */
export interface Usage {
  /** Prompt tokens after truncation. */
  readonly promptTokens: number;
  /** Tokens generated, counting every `bestOf` candidate and, for beam search, the returned beams. */
  readonly completionTokens: number;
  readonly totalTokens: number;
}

/** Where the time went, for benchmarks: model forward passes versus logits processing and sampling. */
export interface Timing {
  /** Every forward pass: `promptMs` + the decoding steps'. */
  readonly modelMs: number;
  /** The forward passes over the prompt (one, or one per candidate when the cache cannot fork). */
  readonly promptMs: number;
  readonly samplingMs: number;
  /** Sampling steps taken (one per generated token, or per beam per step). */
  readonly samplingSteps: number;
}

export interface GenerationResult {
  readonly completions: readonly Completion[];
  readonly usage: Usage;
  /** The RNG seed used (the given one, or the random one drawn): pass it back to reproduce. */
  readonly seed: number;
  /** Prompt tokens dropped from the left by `truncation: 'left'`. */
  readonly truncatedPromptTokens: number;
  readonly timing: Timing;
}

/**
 * What `streamGenerate` yields. Concatenating the `text` of a completion's `token` events and of
 * its `finish` event gives exactly `completion.text`. Completions stream one after another;
 * with beam search or `bestOf > n` the events of a completion come once it is chosen.
 */
export type GenerationEvent =
  | {
      readonly type: 'token';
      readonly index: number;
      readonly token: GeneratedToken;
      /** Text released by this token; empty while a character or a possible stop string is incomplete. */
      readonly text: string;
    }
  | {
      readonly type: 'finish';
      readonly index: number;
      /** Text held back until the end (the tail of an unfinished character or stop-string prefix). */
      readonly text: string;
      readonly completion: Completion;
    }
  | { readonly type: 'done'; readonly result: GenerationResult };
