import { expect, it } from 'vitest';
import { type LanguageModel, generate, streamGenerate } from './index.js';

// The README's example, verbatim apart from the assertions.
it('runs the README example', async () => {
  // A toy model: always prefers the token after the last one (vocabulary "a", "b", "c", EOS).
  const model: LanguageModel<number[]> = {
    vocabSize: 4,
    contextLength: 32,
    createCache: () => [],
    nextTokenLogits(ids, cache) {
      cache.push(...ids);
      const next = ((cache.at(-1) ?? 0) + 1) % 4;
      return Float32Array.from({ length: 4 }, (_, id) => (id === next ? 2 : 0));
    },
    forkCache: (cache) => [...cache],
  };
  const decoder = { decode: (ids: readonly number[]) => ids.map((id) => 'abc'[id] ?? '').join('') };

  const result = await generate({ model, decoder, prompt: [0], temperature: 0, maxNewTokens: 5, eosTokenId: 3 });
  // "b", "c", then EOS (id 3) ends the completion and is not part of the text.
  expect(result.completions[0]?.text).toBe('bc');
  expect(result.completions[0]?.finishReason).toBe('stop');

  let streamed = '';
  for await (const event of streamGenerate({
    model,
    decoder,
    prompt: [0],
    seed: 7,
    topP: 0.9,
    stop: ['ca'],
    logprobs: 2,
  })) {
    if (event.type === 'token' || event.type === 'finish') streamed += event.text;
    if (event.type === 'done') expect(event.result.completions[0]?.text).toBe(streamed);
  }
  expect(streamed).not.toContain('ca');
});
