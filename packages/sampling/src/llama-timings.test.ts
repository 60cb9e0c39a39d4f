import { describe, expect, it } from 'vitest';
import { BigramModel, bytesDecoder } from './__fixtures__/bigram-model.js';
import { generate } from './generate.js';
import { llamaCppTimings } from './llama-timings.js';

const TABLE = [
  [0, -1, -2],
  [-1, 0, -2],
  [-2, -1, 0],
];
const decoder = bytesDecoder(['a', 'b', 'c']);

function busyWait(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

describe('generation timings', () => {
  it('count the prefill as prompt time and the decoding steps apart from it', async () => {
    const model = new BigramModel(TABLE);
    // The first forward pass is the prefill over the prompt; make it the only slow one.
    model.beforeCall = (call) => {
      if (call === 1) busyWait(60);
    };
    const result = await generate({ model, decoder, prompt: [0, 1, 2], maxNewTokens: 8, temperature: 0 });
    expect(model.created[0]?.calls[0]).toEqual([0, 1, 2]);
    expect(result.timing.promptMs).toBeGreaterThanOrEqual(60);
    expect(result.timing.modelMs - result.timing.promptMs).toBeLessThan(60);
  });

  it("report llama.cpp's fields: counts from the usage, rates from the times", () => {
    const timings = llamaCppTimings(
      {
        usage: { promptTokens: 128, completionTokens: 40, totalTokens: 168 },
        timing: { modelMs: 1100, promptMs: 320, samplingMs: 20, samplingSteps: 40 },
      },
      { backend: 'wasm', threads: 2 },
    );
    expect(timings).toEqual({
      prompt_n: 128,
      prompt_ms: 320,
      prompt_per_token_ms: 2.5,
      prompt_per_second: 400,
      predicted_n: 40,
      predicted_ms: 800,
      predicted_per_token_ms: 20,
      predicted_per_second: 50,
      backend: 'wasm',
      threads: 2,
    });
  });

  it('give rates of 0 over no tokens instead of dividing by zero', () => {
    const timings = llamaCppTimings(
      {
        usage: { promptTokens: 3, completionTokens: 0, totalTokens: 3 },
        timing: { modelMs: 5, promptMs: 5, samplingMs: 0, samplingSteps: 0 },
      },
      { backend: 'cpu', threads: 1 },
    );
    expect([timings.predicted_ms, timings.predicted_per_token_ms, timings.predicted_per_second]).toEqual([0, 0, 0]);
  });
});
