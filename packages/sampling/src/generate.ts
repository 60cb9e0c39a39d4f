import { createRandom } from '@fewshot/common';
import { beamSearch } from './beam-search.js';
import { CacheLedger } from './cache-ledger.js';
import { GenerationOptionError } from './generation-error.js';
import { type GenerationOptions, resolveGenerationConfig } from './generation-config.js';
import { type GenerationRun, forward } from './generation-run.js';
import type { Completion, GenerationEvent, GenerationResult } from './generation-types.js';
import type { LanguageModel } from './language-model.js';
import { createLogitsProcessors, createLogitsWarpers } from './logits-pipeline.js';
import { sampleCompletion } from './sample-completion.js';
import { Interruption } from './stopping-criteria.js';
import type { TokenDecoder } from './token-decoder.js';
import { requireTokenId } from './validate.js';
import { UndecodableTokensProcessor } from './processors/undecodable-tokens.js';

/** A generation request: the model, how to turn ids into text, the prompt ids, and options. */
export interface GenerateRequest<Cache = unknown> extends GenerationOptions {
  readonly model: LanguageModel<Cache>;
  readonly decoder: TokenDecoder;
  readonly prompt: readonly number[];
}

/**
 * Generates completions as a stream of events (see {@link GenerationEvent}): `token` events with
 * text deltas, a `finish` event per completion, and a final `done` event with the whole result.
 * Options are validated before the model is called.
 */
export async function* streamGenerate<Cache>(
  request: GenerateRequest<Cache>,
): AsyncGenerator<GenerationEvent, GenerationResult> {
  const { model, decoder } = request;
  const config = resolveGenerationConfig(request, model.vocabSize);
  const processors = createLogitsProcessors(config, model.vocabSize);
  // Last, so that no earlier processor can lift the mask.
  const undecodable = UndecodableTokensProcessor.for(decoder, model.vocabSize);
  if (undecodable !== undefined) processors.push(undecodable);
  const warpers = createLogitsWarpers(config);
  if (config.numBeams > 1 && model.forkCache === undefined) {
    throw new GenerationOptionError(
      'numBeams',
      config.numBeams,
      'expected 1 for a model without forkCache (beam search branches the KV cache)',
    );
  }
  const { prompt, dropped } = fitPrompt(request.prompt, model, config.maxNewTokens, config.truncation);
  const run: GenerationRun<Cache> = {
    model,
    caches: new CacheLedger(model),
    decoder,
    config,
    prompt,
    processors,
    warpers,
    interruption: new Interruption(config.signal, config.timeLimitMs),
    timing: { modelMs: 0, promptMs: 0, samplingMs: 0, samplingSteps: 0 },
  };

  let completions: Completion[];
  let completionTokens: number;
  const interrupted = run.interruption.check();
  if (interrupted !== undefined) {
    completions = Array.from({ length: config.n }, (_, index) => ({
      index,
      text: '',
      tokens: [],
      finishReason: interrupted,
      logprob: 0,
    }));
    for (const completion of completions) yield { type: 'finish', index: completion.index, text: '', completion };
    completionTokens = 0;
  } else {
    try {
      const cache = run.caches.create();
      const firstLogits = await forward(run, prompt, cache, 'prompt');
      if (config.numBeams > 1) {
        completions = yield* beamSearch(run, cache, firstLogits);
        completionTokens = completions.reduce((sum, c) => sum + c.tokens.length, 0);
      } else {
        ({ completions, completionTokens } = yield* sampleChoices(run, cache, firstLogits));
      }
    } finally {
      run.caches.disposeAll();
    }
  }
  const result: GenerationResult = {
    completions,
    usage: { promptTokens: prompt.length, completionTokens, totalTokens: prompt.length + completionTokens },
    seed: config.seed,
    truncatedPromptTokens: dropped,
    timing: { ...run.timing },
  };
  yield { type: 'done', result };
  return result;
}

/** Generates completions and returns them once finished: the `done` result of {@link streamGenerate}. */
export async function generate<Cache>(request: GenerateRequest<Cache>): Promise<GenerationResult> {
  const stream = streamGenerate(request);
  for (;;) {
    const step = await stream.next();
    if (step.done === true) return step.value;
  }
}

/**
 * `bestOf` sampled candidates (streamed live when `bestOf = n`, otherwise buffered), each with
 * its own RNG stream and its own copy of the prefilled cache; the `n` with the highest mean
 * token logprob are returned, as OpenAI's `best_of`.
 */
async function* sampleChoices<Cache>(
  run: GenerationRun<Cache>,
  cache: Cache,
  firstLogits: Float32Array,
): AsyncGenerator<GenerationEvent, { completions: Completion[]; completionTokens: number }> {
  const { config } = run;
  const live = config.bestOf === config.n;
  const candidates: { completion: Completion; events: GenerationEvent[] }[] = [];
  for (let i = 0; i < config.bestOf; i++) {
    // Every candidate but the last gets its own copy of the prefilled cache; the last takes it.
    let own = cache;
    let logits = firstLogits;
    if (i < config.bestOf - 1) {
      if (run.caches.canFork) own = run.caches.fork(cache);
      else {
        own = run.caches.create();
        logits = await forward(run, run.prompt, own, 'prompt');
      }
    }
    const events: GenerationEvent[] = [];
    const stream = sampleCompletion(run, i, own, logits.slice(), createRandom(config.seed, `completion ${i}`));
    let step = await stream.next();
    while (step.done !== true) {
      if (live) yield step.value;
      else events.push(step.value);
      step = await stream.next();
    }
    run.caches.dispose(own);
    candidates.push({ completion: step.value, events });
  }
  const completionTokens = candidates.reduce((sum, c) => sum + c.completion.tokens.length, 0);
  if (live) return { completions: candidates.map((c) => c.completion), completionTokens };

  const meanLogprob = (c: Completion): number => (c.tokens.length === 0 ? -Infinity : c.logprob / c.tokens.length);
  const chosen = [...candidates]
    .sort((a, b) => meanLogprob(b.completion) - meanLogprob(a.completion))
    .slice(0, config.n);
  const completions: Completion[] = [];
  for (const [index, { completion, events }] of chosen.entries()) {
    for (const event of events) {
      if (event.type === 'token') yield { ...event, index };
      else if (event.type === 'finish') yield { ...event, index, completion: { ...completion, index } };
    }
    completions.push({ ...completion, index });
  }
  return { completions, completionTokens };
}

/** Checks the prompt and, with `truncation: 'left'`, drops its oldest tokens to leave room to generate. */
function fitPrompt(
  prompt: readonly number[],
  model: LanguageModel,
  maxNewTokens: number,
  truncation: 'error' | 'left',
): { prompt: readonly number[]; dropped: number } {
  if (!Array.isArray(prompt) || prompt.length === 0) {
    throw new GenerationOptionError('prompt', prompt, 'expected a non-empty array of token ids');
  }
  prompt.forEach((id, i) => requireTokenId(`prompt[${i}]`, id, model.vocabSize));
  const room = model.contextLength - prompt.length;
  if (room >= 1) return { prompt, dropped: 0 };
  if (truncation === 'error') {
    throw new GenerationOptionError(
      'prompt',
      `${prompt.length} tokens`,
      `expected at most contextLength − 1 = ${model.contextLength - 1} ` +
        "tokens; pass truncation: 'left' to drop the oldest tokens",
    );
  }
  const keep = model.contextLength - Math.min(maxNewTokens, model.contextLength - 1);
  return { prompt: prompt.slice(prompt.length - keep), dropped: prompt.length - keep };
}
