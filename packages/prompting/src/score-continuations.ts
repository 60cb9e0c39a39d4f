import { type LanguageModel, logSoftmax } from '@fewshot/sampling';
import type { TokenCounter } from './example.js';
import { PromptingError } from './prompting-error.js';

export interface ContinuationScore {
  /** Sum of the continuation tokens' natural-log probabilities given the context. */
  readonly logprob: number;
  /** Each continuation token's log-probability. */
  readonly tokenLogprobs: readonly number[];
  /** The continuation is the argmax at every one of its positions. */
  readonly isGreedy: boolean;
  readonly continuationIds: readonly number[];
}

export interface ScoreOptions {
  /** Fed instead of an empty context (lm-evaluation-harness uses the end-of-text token). */
  readonly prefixTokenId?: number;
}

interface EncodedPair {
  readonly contextIds: number[];
  readonly continuationIds: number[];
}

/**
 * Log-likelihoods of several continuations of one context, tokenized as lm-evaluation-harness
 * does: trailing whitespace of the context moves to the continuation, the pair is encoded
 * together and the continuation is what follows the context's own tokens. A context too long
 * for the model loses tokens from its start. Continuations that share the context tokens share
 * one forward pass over it when the model can fork its cache.
 */
export async function scoreContinuations<Cache>(
  model: LanguageModel<Cache>,
  tokenizer: TokenCounter,
  context: string,
  continuations: readonly string[],
  options: ScoreOptions = {},
): Promise<ContinuationScore[]> {
  const pairs = continuations.map((continuation, i) => encodePair(model, tokenizer, context, continuation, i, options));
  const results: ContinuationScore[] = new Array<ContinuationScore>(pairs.length);
  const groups = new Map<string, number[]>();
  pairs.forEach((pair, i) => {
    const key = pair.contextIds.join(',');
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  for (const members of groups.values()) {
    const contextIds = pairs[members[0]!]!.contextIds;
    const shared = model.forkCache === undefined ? undefined : model.createCache();
    try {
      const firstLogits =
        shared === undefined ? undefined : Float32Array.from(await model.nextTokenLogits(contextIds, shared));
      for (const index of members) {
        const { continuationIds } = pairs[index]!;
        const cache = shared === undefined ? model.createCache() : model.forkCache!(shared);
        try {
          const logits = firstLogits ?? Float32Array.from(await model.nextTokenLogits(contextIds, cache));
          results[index] = await scoreTokens(model, cache, logits, continuationIds);
        } finally {
          model.disposeCache?.(cache);
        }
      }
    } finally {
      if (shared !== undefined) model.disposeCache?.(shared);
    }
  }
  return results;
}

/** Log-likelihood of one continuation given a context; see {@link scoreContinuations}. */
export async function scoreContinuation<Cache>(
  model: LanguageModel<Cache>,
  tokenizer: TokenCounter,
  context: string,
  continuation: string,
  options: ScoreOptions = {},
): Promise<ContinuationScore> {
  const [score] = await scoreContinuations(model, tokenizer, context, [continuation], options);
  return score!;
}

/**
 * Log-likelihood of `continuationIds` after `contextIds` (at least one id), at the id level: no
 * tokenization, no truncation; the pair must fit the model's context.
 */
export async function scoreTokenIds<Cache>(
  model: LanguageModel<Cache>,
  contextIds: readonly number[],
  continuationIds: readonly number[],
): Promise<ContinuationScore> {
  if (contextIds.length === 0)
    throw new PromptingError('contextIds', contextIds, 'expected at least one id to condition on');
  const cache = model.createCache();
  try {
    return await scoreTokens(
      model,
      cache,
      Float32Array.from(await model.nextTokenLogits(contextIds, cache)),
      continuationIds,
    );
  } finally {
    model.disposeCache?.(cache);
  }
}

async function scoreTokens<Cache>(
  model: LanguageModel<Cache>,
  cache: Cache,
  first: Float32Array,
  ids: readonly number[],
): Promise<ContinuationScore> {
  const tokenLogprobs: number[] = [];
  let isGreedy = true;
  let logits: Float32Array = first;
  for (const [i, id] of ids.entries()) {
    const logprobs = logSoftmax(logits);
    tokenLogprobs.push(logprobs[id]!);
    if (argmax(logprobs) !== id) isGreedy = false;
    // The last token's own prediction is not needed.
    if (i < ids.length - 1) logits = await model.nextTokenLogits([id], cache);
  }
  return { logprob: tokenLogprobs.reduce((sum, lp) => sum + lp, 0), tokenLogprobs, isGreedy, continuationIds: ids };
}

function encodePair<Cache>(
  model: LanguageModel<Cache>,
  tokenizer: TokenCounter,
  context: string,
  continuation: string,
  index: number,
  options: ScoreOptions,
): EncodedPair {
  const trailing = context.length - context.trimEnd().length;
  const movedContext = context.slice(0, context.length - trailing);
  const movedContinuation = context.slice(context.length - trailing) + continuation;
  if (movedContinuation.length === 0)
    throw new PromptingError(`continuations[${index}]`, continuation, 'expected a non-empty continuation');
  let contextIds = tokenizer.encode(movedContext);
  const continuationIds = tokenizer.encode(movedContext + movedContinuation).slice(contextIds.length);
  if (contextIds.length === 0) {
    if (options.prefixTokenId === undefined) {
      throw new PromptingError(
        'prefixTokenId',
        undefined,
        'an empty context needs a token to condition on (e.g. the end-of-text id)',
      );
    }
    contextIds = [options.prefixTokenId];
  }
  // The model sees the context and every continuation token but the last.
  const room = model.contextLength - (continuationIds.length - 1);
  if (room < 1) {
    throw new PromptingError(
      `continuations[${index}]`,
      `${continuationIds.length} tokens`,
      `a continuation must fit in the model's context of ${model.contextLength} tokens`,
    );
  }
  if (contextIds.length > room) contextIds = contextIds.slice(contextIds.length - room);
  return { contextIds, continuationIds };
}

function argmax(values: Float64Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}
