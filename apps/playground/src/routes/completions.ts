import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import {
  type CompletionEvent,
  type CompletionUsage,
  type ChoiceDelta,
  completionEvents,
} from '../completions/completion-events.js';
import { type SamplingDefaults, parseCompletionRequest } from '../completions/completion-request.js';
import { appendLogprobs } from '../completions/openai-logprobs.js';
import { readJsonBody } from '../http/read-json-body.js';
import { sendJson } from '../http/send.js';
import type { ServedModel } from '../served-model.js';
import type { LlamaCppTimings } from '@fewshot/sampling';
import type { RequestRecord } from '../request-log.js';
import type { RouteContext } from './route-context.js';

/**
 * `POST /v1/completions`, OpenAI's legacy Completions API. The request is validated before it
 * queues; a stream sends one server-sent event per choice delta and ends with `data: [DONE]`.
 */
export async function handleCompletions(context: RouteContext): Promise<void> {
  const { request: httpRequest, response, host, queue, scheduler, limits, signal, record } = context;
  host.require();
  const body = await readJsonBody(httpRequest, limits);
  // The model field picks among the models the server was started with; it never names one to load.
  const served = host.require(typeof body.model === 'string' ? body.model : undefined);
  const request = parseCompletionRequest(body, {
    modelId: served.id,
    contextLength: served.model.contextLength,
    vocabSize: served.model.vocabSize,
    eosTokenId: served.eosTokenId,
    samplingDefaults: apiSamplingDefaults(served.generationConfig),
    maxChoices: limits.maxChoicesPerRequest,
    maxTokens: limits.maxTokensPerRequest,
    encode: (text) => served.tokenizer.encode(text, 'all'),
  });
  if (context.logPrompts) record.prompt = typeof body.prompt === 'string' ? body.prompt : JSON.stringify(body.prompt);
  const header = {
    id: `cmpl-${randomUUID()}`,
    object: 'text_completion',
    created: Math.floor(Date.now() / 1000),
    model: served.id,
  };
  await queue.run(async () => {
    const run = { signal, scheduler, timeLimitMs: limits.generationTimeLimitMs };
    const events = recordUsage(completionEvents(served, request, run), record);
    if (request.stream)
      await streamEvents(response, events, header, request.includeUsage, signal, limits.streamWriteTimeoutMs);
    else sendJson(response, 200, { ...header, ...(await collectChoices(events)) });
  }, signal);
}

async function streamEvents(
  response: ServerResponse,
  events: AsyncGenerator<CompletionEvent>,
  header: Readonly<Record<string, unknown>>,
  includeUsage: boolean,
  signal: AbortSignal,
  writeTimeoutMs: number,
): Promise<void> {
  response.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache',
    Connection: 'keep-alive',
  });
  response.flushHeaders();
  // Each delta is sent once the next event is known, so the last one can carry the timings, as
  // llama.cpp's server puts them on its final chunk.
  let pending: ChoiceDelta | undefined;
  for await (const event of events) {
    // Leaving the loop returns the generator, which frees the generation's KV caches at once.
    if (signal.aborted) break;
    if (event.type === 'delta') {
      if (pending !== undefined) await send(response, { ...header, choices: [pending] }, signal, writeTimeoutMs);
      pending = event.delta;
      continue;
    }
    if (pending !== undefined)
      await send(response, { ...header, choices: [pending], timings: event.timings }, signal, writeTimeoutMs);
    pending = undefined;
    if (includeUsage)
      await send(
        response,
        { ...header, choices: [], usage: event.usage, timings: event.timings },
        signal,
        writeTimeoutMs,
      );
  }
  if (!signal.aborted) response.end('data: [DONE]\n\n');
}

/**
 * Writes one event, waiting for the socket to drain when the client reads slowly. A client that
 * reads nothing for `timeoutMs` loses its connection: closing it aborts `signal`, which cancels
 * the generation and frees its slot for others.
 */
async function send(response: ServerResponse, chunk: unknown, signal: AbortSignal, timeoutMs: number): Promise<void> {
  if (response.write(`data: ${JSON.stringify(chunk)}\n\n`) || signal.aborted) return;
  await new Promise<void>((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      response.off('drain', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(() => {
      done();
      response.destroy();
    }, timeoutMs);
    response.on('drain', done);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** `events` as they are, noting the completion tokens of the `usage` event in the request's log record. */
async function* recordUsage(
  events: AsyncGenerator<CompletionEvent>,
  record: RequestRecord,
): AsyncGenerator<CompletionEvent> {
  for await (const event of events) {
    if (event.type === 'usage') record.tokens = event.usage.completion_tokens;
    yield event;
  }
}

/** The deltas of every choice joined into OpenAI's non-streaming `choices` and `usage`, with the `timings`. */
async function collectChoices(
  events: AsyncGenerator<CompletionEvent>,
): Promise<{ choices: ChoiceDelta[]; usage: CompletionUsage | undefined; timings: LlamaCppTimings | undefined }> {
  const choices = new Map<number, ChoiceDelta>();
  let usage: CompletionUsage | undefined;
  let timings: LlamaCppTimings | undefined;
  for await (const event of events) {
    if (event.type === 'usage') {
      ({ usage, timings } = event);
      continue;
    }
    const { delta } = event;
    const choice = choices.get(delta.index);
    if (choice === undefined) {
      const logprobs =
        delta.logprobs === null ? null : { tokens: [], token_logprobs: [], top_logprobs: [], text_offset: [] };
      if (logprobs !== null && delta.logprobs !== null) appendLogprobs(logprobs, delta.logprobs);
      choices.set(delta.index, { ...delta, logprobs });
      continue;
    }
    if (choice.logprobs !== null && delta.logprobs !== null) appendLogprobs(choice.logprobs, delta.logprobs);
    choices.set(delta.index, {
      ...choice,
      text: choice.text + delta.text,
      finish_reason: delta.finish_reason ?? choice.finish_reason,
    });
  }
  return { choices: [...choices.values()].sort((a, b) => a.index - b.index), usage, timings };
}

/**
 * The warpers of the checkpoint's `generation_config.json` (`do_sample: false` as temperature 0),
 * which a request's own fields override. Lengths and beams are not taken: the API's
 * `max_tokens` defaults to 16 as OpenAI's does, and it has no beams.
 */
function apiSamplingDefaults(config: ServedModel['generationConfig']): SamplingDefaults {
  const { temperature, topP, topK, typicalP, repetitionPenalty } = config;
  return { temperature, topP, topK, typicalP, repetitionPenalty };
}
