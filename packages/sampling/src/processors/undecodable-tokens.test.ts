import { describe, expect, it } from 'vitest';
import { BigramModel, bytesDecoder } from '../__fixtures__/bigram-model.js';
import { generate } from '../generate.js';
import type { TokenBytesDecoder } from '../token-decoder.js';

// Four ids the model scores; after any token it prefers 3, then 2, then 1, then 0.
const TABLE = Array.from({ length: 4 }, () => [0, 1, 2, 3]);

describe('ids the tokenizer cannot decode', () => {
  it('are never generated, greedy or sampled, however the model scores them', async () => {
    // A tokenizer of ids 0..2 only, as when a checkpoint pads its embedding past the vocabulary.
    const decoder: TokenBytesDecoder = { ...bytesDecoder(['a', 'b', 'c']), hasToken: (id) => id >= 0 && id < 3 };
    const greedy = await generate({
      model: new BigramModel(TABLE),
      decoder,
      prompt: [0],
      maxNewTokens: 6,
      temperature: 0,
    });
    expect(greedy.completions[0]?.text).toBe('cccccc');
    const sampled = await generate({
      model: new BigramModel(TABLE),
      decoder,
      prompt: [0],
      maxNewTokens: 50,
      temperature: 2,
      seed: 3,
      n: 4,
    });
    for (const completion of sampled.completions) expect(completion.tokens.every((token) => token.id < 3)).toBe(true);
  });

  it('are left alone when the decoder does not say which ids it knows', async () => {
    const greedy = await generate({
      model: new BigramModel(TABLE),
      decoder: bytesDecoder(['a', 'b', 'c', 'd']),
      prompt: [0],
      maxNewTokens: 3,
      temperature: 0,
    });
    expect(greedy.completions[0]?.text).toBe('ddd');
  });
});
