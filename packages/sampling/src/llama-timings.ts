import type { GenerationResult } from './generation-types.js';

/**
 * A generation's speed under the field names of llama.cpp's server (`timings` in its responses),
 * with the backend and thread count it ran on. `prompt_*` is the prefill (the forward passes over
 * the prompt); `predicted_*` is everything after it: the decoding forward passes and the
 * sampling of every generated token. A rate over no tokens is 0.
 */
export interface LlamaCppTimings {
  readonly prompt_n: number;
  readonly prompt_ms: number;
  readonly prompt_per_token_ms: number;
  readonly prompt_per_second: number;
  readonly predicted_n: number;
  readonly predicted_ms: number;
  readonly predicted_per_token_ms: number;
  readonly predicted_per_second: number;
  readonly backend: string;
  readonly threads: number;
}

/** Where a generation ran, as reported beside its timings. */
export interface GenerationRuntime {
  readonly backend: string;
  readonly threads: number;
}

export function llamaCppTimings(
  result: Pick<GenerationResult, 'usage' | 'timing'>,
  runtime: GenerationRuntime,
): LlamaCppTimings {
  const { usage, timing } = result;
  const promptMs = timing.promptMs;
  const predictedMs = timing.modelMs - timing.promptMs + timing.samplingMs;
  return {
    prompt_n: usage.promptTokens,
    prompt_ms: promptMs,
    prompt_per_token_ms: perToken(promptMs, usage.promptTokens),
    prompt_per_second: perSecond(usage.promptTokens, promptMs),
    predicted_n: usage.completionTokens,
    predicted_ms: predictedMs,
    predicted_per_token_ms: perToken(predictedMs, usage.completionTokens),
    predicted_per_second: perSecond(usage.completionTokens, predictedMs),
    backend: runtime.backend,
    threads: runtime.threads,
  };
}

const perToken = (ms: number, tokens: number): number => (tokens === 0 ? 0 : ms / tokens);
const perSecond = (tokens: number, ms: number): number => (tokens === 0 || ms === 0 ? 0 : (tokens * 1000) / ms);
