import type { NumericArray } from './softmax.js';
import { topKIndices } from './partial-select.js';
import { logSumExp } from './softmax.js';
import { type TokenDecoder, tokenText } from './token-decoder.js';

/** A token with its log-probability, as in OpenAI's `top_logprobs`. */
export interface TokenLogprob {
  readonly id: number;
  /** The token decoded on its own; may contain U+FFFD when it holds part of a character. */
  readonly text: string;
  /** Natural log of the probability. */
  readonly logprob: number;
}

/**
 * Log-probabilities follow OpenAI's `logprobs` semantics: they are the model's own distribution
 * (log-softmax of the raw logits), independent of temperature, penalties and truncation, so
 * they measure how likely the model found the text, whatever was used to sample it.
 *
 * @param logZ `logSumExp(rawLogits)`, for a caller that scores several tokens of one row.
 */
export function tokenLogprobs(
  rawLogits: NumericArray,
  chosen: number,
  top: number,
  decoder: TokenDecoder,
  logZ = logSumExp(rawLogits),
): { logprob: number; topLogprobs: TokenLogprob[] } {
  const logprob = (id: number): number => (rawLogits[id] ?? -Infinity) - logZ;
  const topLogprobs = Array.from(topKIndices(rawLogits, top), (id) => ({
    id,
    text: tokenText(decoder, id),
    logprob: logprob(id),
  }));
  return { logprob: logprob(chosen), topLogprobs };
}
