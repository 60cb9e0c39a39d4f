import {
  type FinishReason,
  type GenerationEvent,
  type LlamaCppTimings,
  type Timing,
  decodeAll,
  llamaCppTimings,
  streamGenerate,
  tokenText,
} from '@fewshot/sampling';
import type { ServedModel } from '../served-model.js';
import type { StepScheduler } from '../step-scheduler.js';
import type { CompletionRequest } from './completion-request.js';
import { type OpenAiLogprobs, type ReportedToken, toOpenAiLogprobs } from './openai-logprobs.js';
import { type ScoredPromptToken, scorePromptTokens } from './prompt-logprobs.js';

/** A piece of one choice, as one streamed chunk carries it. */
export interface ChoiceDelta {
  readonly index: number;
  readonly text: string;
  readonly logprobs: OpenAiLogprobs | null;
  readonly finish_reason: 'stop' | 'length' | null;
}

/** OpenAI's `usage`. */
export interface CompletionUsage {
  readonly prompt_tokens: number;
  readonly completion_tokens: number;
  readonly total_tokens: number;
}

export type CompletionEvent =
  | { readonly type: 'delta'; readonly delta: ChoiceDelta }
  | { readonly type: 'usage'; readonly usage: CompletionUsage; readonly timings: LlamaCppTimings };

/** What a completion needs of the served model (the server's, or the one the page loaded itself). */
export interface CompletionModel extends Pick<ServedModel, 'model' | 'tokenizer'> {
  /** Reported in the timings: the TF.js backend's name and its threads. */
  readonly backend: { readonly name: string; readonly threads: number };
}

export interface CompletionRunOptions {
  readonly signal: AbortSignal;
  /** Runs each forward pass in turn with the other requests' (and batches decode steps). */
  readonly scheduler: StepScheduler;
  /** Wall-clock budget per prompt; when spent the choice ends with finish reason `length`. */
  readonly timeLimitMs?: number;
}

/**
 * Runs a validated completion request as a stream of choice deltas, prompt after prompt (choice
 * `index` = prompt × n + completion), then one `usage` event with the request's llama.cpp-style
 * `timings` (its forward passes' times include waiting for the turns other requests take). Both the streaming and the
 * non-streaming responses are built from these events, so they cannot disagree.
 */
export async function* completionEvents(
  served: CompletionModel,
  request: CompletionRequest,
  options: CompletionRunOptions,
): AsyncGenerator<CompletionEvent> {
  const { model, tokenizer } = served;
  const languageModel = options.scheduler.schedule(model);
  let promptTokens = 0;
  let completionTokens = 0;
  const timing = { modelMs: 0, promptMs: 0, samplingMs: 0, samplingSteps: 0 } satisfies Timing;
  for (const [promptIndex, ids] of request.prompts.entries()) {
    promptTokens += ids.length;
    const choiceIndex = (completion: number): number => promptIndex * request.n + completion;
    const echoed = request.echo ? decodeAll(tokenizer, ids) : '';
    // Where each choice's next token starts in its text, for `text_offset`.
    const offsets = new Array<number>(request.n).fill(echoed.length);
    if (request.echo) {
      const top = request.logprobs;
      const score = (count: number): Promise<ScoredPromptToken[]> => scorePromptTokens(model, tokenizer, ids, count);
      const scored = top === undefined ? undefined : await options.scheduler.run(() => score(top));
      const promptLogprobs = scored === undefined ? null : toOpenAiLogprobs(scored, 0);
      for (let completion = 0; completion < request.n; completion++) {
        yield delta(choiceIndex(completion), echoed, promptLogprobs, request.maxTokens === 0 ? 'length' : null);
      }
    }
    if (request.maxTokens === 0) continue;
    const events: AsyncGenerator<GenerationEvent> = streamGenerate({
      ...request.generation,
      model: languageModel,
      decoder: tokenizer,
      prompt: ids,
      signal: options.signal,
      ...(options.timeLimitMs === undefined ? {} : { timeLimitMs: options.timeLimitMs }),
    });
    for await (const event of events) {
      switch (event.type) {
        case 'token': {
          let logprobs: OpenAiLogprobs | null = null;
          if (request.logprobs !== undefined) {
            const reported: ReportedToken = {
              text: tokenText(tokenizer, event.token.id),
              logprob: event.token.logprob,
              topLogprobs: event.token.topLogprobs ?? [],
            };
            logprobs = toOpenAiLogprobs([reported], offsets[event.index] ?? 0);
            offsets[event.index] = (offsets[event.index] ?? 0) + reported.text.length;
          }
          yield delta(choiceIndex(event.index), event.text, logprobs, null);
          break;
        }
        case 'finish':
          yield delta(
            choiceIndex(event.index),
            event.text,
            request.logprobs === undefined ? null : toOpenAiLogprobs([], 0),
            openAiFinishReason(event.completion.finishReason),
          );
          break;
        case 'done':
          completionTokens += event.result.usage.completionTokens;
          for (const key of ['modelMs', 'promptMs', 'samplingMs', 'samplingSteps'] as const)
            timing[key] += event.result.timing[key];
          break;
      }
    }
  }
  const usage = {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
  };
  const runtime = { backend: served.backend.name, threads: served.backend.threads };
  yield {
    type: 'usage',
    usage,
    timings: llamaCppTimings(
      { usage: { promptTokens, completionTokens, totalTokens: usage.total_tokens }, timing },
      runtime,
    ),
  };
}

function delta(
  index: number,
  text: string,
  logprobs: OpenAiLogprobs | null,
  finishReason: ChoiceDelta['finish_reason'],
): CompletionEvent {
  return { type: 'delta', delta: { index, text, logprobs, finish_reason: finishReason } };
}

/** OpenAI knows `stop` and `length`; a spent time budget or an abort is a cut-off, `length`. */
function openAiFinishReason(reason: FinishReason): 'stop' | 'length' {
  return reason === 'stop' ? 'stop' : 'length';
}
