import type { Random } from '@fewshot/common';
import { CompletionText } from './completion-text.js';
import { type GenerationRun, forward } from './generation-run.js';
import type { Completion, GeneratedToken, GenerationEvent } from './generation-types.js';
import { type LogitsContext, applyProcessors } from './logits-processor.js';
import { tokenLogprobs } from './logprobs.js';
import { greedyToken, sampleToken } from './sampler.js';
import { logSumExpF32 } from './softmax.js';
import { type FinishReason, tokenFinishReason } from './stopping-criteria.js';

/**
 * Decodes one completion token by token (greedy when temperature is 0, otherwise a seeded
 * multinomial draw after the warpers), starting from the logits the prompt's prefill produced
 * and feeding each new token alone to the model, which extends `cache`. Yields a `token` event
 * per token and a `finish` event; returns the completion.
 */
export async function* sampleCompletion<Cache>(
  run: GenerationRun<Cache>,
  index: number,
  cache: Cache,
  firstLogits: Float32Array,
  rng: Random,
): AsyncGenerator<GenerationEvent, Completion> {
  const { config, model } = run;
  const ids = [...run.prompt];
  const tokens: GeneratedToken[] = [];
  const text = new CompletionText(run.decoder, config.stop, config.eosTokenIds);
  const limits = { ...config, contextLength: model.contextLength };
  const rewrites = run.processors.length > 0 || (config.temperature !== 0 && run.warpers.length > 0);
  const rawBuffer = new Float32Array(rewrites ? model.vocabSize : 0);
  let logits: Float32Array | undefined = firstLogits;
  let finishReason: FinishReason | undefined;

  while (finishReason === undefined) {
    finishReason = run.interruption.check();
    if (finishReason !== undefined) break;
    if (logits === undefined) {
      logits = await forward(run, ids.slice(-1), cache, 'generated');
      // An abort or deadline that came during the forward pass wins over sampling one more token.
      finishReason = run.interruption.check();
      if (finishReason !== undefined) break;
    }

    const start = performance.now();
    // Processors and warpers rewrite `logits`; logprobs are the model's own, so they read the
    // raw row, copied first into a buffer reused every token (only when something rewrites).
    let raw = logits;
    if (rewrites) {
      raw = rawBuffer;
      raw.set(logits);
    }
    // The raw normaliser, for the logprobs; the first processor (or warper, when there are no
    // processors) sees the raw logits too, so it gets it as well.
    const logZ = logSumExpF32(raw);
    const context: LogitsContext = { ids, promptLength: run.prompt.length, logZ };
    applyProcessors(run.processors, logits, context);
    let id: number;
    if (config.temperature === 0) id = greedyToken(logits);
    else {
      applyProcessors(
        run.warpers,
        logits,
        run.processors.length === 0 ? context : { ids, promptLength: run.prompt.length },
      );
      id = sampleToken(logits, rng);
    }
    const { logprob, topLogprobs } = tokenLogprobs(raw, id, config.logprobs ?? 0, run.decoder, logZ);
    const token: GeneratedToken = config.logprobs === undefined ? { id, logprob } : { id, logprob, topLogprobs };
    run.timing.samplingMs += performance.now() - start;
    run.timing.samplingSteps++;

    tokens.push(token);
    ids.push(id);
    logits = undefined;
    const released = text.push(id);
    yield { type: 'token', index, token, text: released.text };
    finishReason = released.stopped ? 'stop' : tokenFinishReason(id, tokens.length, ids.length, limits);
  }

  const tail = text.finish();
  if (tail.stopped) finishReason = 'stop';
  const completion: Completion = {
    index,
    text: text.text,
    tokens,
    finishReason,
    logprob: tokens.reduce((sum, t) => sum + t.logprob, 0),
  };
  yield { type: 'finish', index, text: tail.text, completion };
  return completion;
}
