import { bitsPerByteFromNats } from '@fewshot/common';
import type { LanguageModel } from '@fewshot/sampling';
import type { TokenCounter } from '../example.js';
import { PromptingError } from '../prompting-error.js';
import { scoreTokenIds } from '../score-continuations.js';
import type { TaskResult } from './evaluate-task.js';

export interface LanguageModelingResult {
  readonly tokens: number;
  readonly bytes: number;
  /** Total negative log-likelihood in nats. */
  readonly nll: number;
  /** Per-token perplexity, exp(nll / tokens). */
  readonly perplexity: number;
  /** nll / bytes / ln 2 (`bitsPerByteFromNats` of `@fewshot/common`): comparable across tokenizers. */
  readonly bitsPerByte: number;
}

/**
 * Language-modelling quality over a text: every token is predicted, the first from
 * `prefixTokenId` (usually end-of-text), in consecutive windows that fill the model's context,
 * each conditioned on the token before it.
 */
export async function bitsPerByte<Cache>(
  model: LanguageModel<Cache>,
  tokenizer: TokenCounter,
  text: string,
  prefixTokenId: number,
): Promise<LanguageModelingResult> {
  const ids = tokenizer.encode(text);
  if (ids.length === 0) throw new PromptingError('text', text, 'expected a non-empty text');
  if (model.contextLength < 2)
    throw new PromptingError('model.contextLength', model.contextLength, 'expected at least 2');
  const window = model.contextLength - 1;
  let nll = 0;
  for (let start = 0; start < ids.length; start += window) {
    const context = [start === 0 ? prefixTokenId : ids[start - 1]!];
    const score = await scoreTokenIds(model, context, ids.slice(start, start + window));
    nll -= score.logprob;
  }
  const bytes = new TextEncoder().encode(text).length;
  return {
    tokens: ids.length,
    bytes,
    nll,
    perplexity: Math.exp(nll / ids.length),
    bitsPerByte: bitsPerByteFromNats(nll, bytes),
  };
}

/**
 * Bits per byte as a row of a results table: one zero-shot run (demonstrations do not apply to
 * language modelling) whose `items` is the number of tokens scored.
 */
export async function evaluateText<Cache>(
  model: LanguageModel<Cache>,
  tokenizer: TokenCounter,
  name: string,
  text: string,
  prefixTokenId: number,
): Promise<TaskResult> {
  const result = await bitsPerByte(model, tokenizer, text, prefixTokenId);
  return {
    task: name,
    kind: 'bpb',
    runs: [
      { shots: 0, items: result.tokens, metrics: { bits_per_byte: result.bitsPerByte, perplexity: result.perplexity } },
    ],
  };
}
