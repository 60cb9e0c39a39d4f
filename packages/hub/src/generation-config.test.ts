import type { GenerationOptions } from '@fewshot/sampling';
import { describe, expect, it } from 'vitest';
import { parseGenerationConfig, samplingDefaults } from './generation-config.js';

describe('parseGenerationConfig', () => {
  it('reads what transformers writes, under the sampling option names', () => {
    // GPT-2's generation_config.json on the Hub, and one with sampling settings.
    expect(
      parseGenerationConfig(
        { _from_model_config: true, bos_token_id: 50256, eos_token_id: 50256, transformers_version: '4.26.0' },
        'g.json',
      ),
    ).toEqual({ bosTokenId: 50256, eosTokenId: [50256] });
    expect(
      parseGenerationConfig(
        {
          do_sample: true,
          temperature: 0.7,
          top_k: 40,
          top_p: 0.9,
          max_length: 50,
          eos_token_id: [1, 2],
          pad_token_id: null,
        },
        'g.json',
      ),
    ).toEqual({ temperature: 0.7, topK: 40, topP: 0.9, maxLength: 50, eosTokenId: [1, 2] });
    expect(parseGenerationConfig({ do_sample: false, temperature: 0.7 }, 'g.json')).toEqual({ temperature: 0 });
  });

  it.each([
    [{ temperature: 'hot' }, 'g.json: temperature = "hot" is invalid: expected a number'],
    [{ eos_token_id: [1, -2] }, 'g.json: eos_token_id = [1,-2] is invalid: expected a token id or a list of them'],
    [{ do_sample: 'yes' }, 'g.json: do_sample = "yes" is invalid: expected true or false'],
  ])('refuses %j in one line', (json, message) => {
    expect(() => parseGenerationConfig(json, 'g.json')).toThrow(message);
  });
});

describe('samplingDefaults', () => {
  it('turns max_length into the new tokens left, keeps ids inside the vocabulary, and fits GenerationOptions', () => {
    const options: GenerationOptions = samplingDefaults(
      { maxLength: 20, eosTokenId: [7, 900], topK: 5, bosTokenId: 1 },
      12,
      100,
    );
    expect(options).toEqual({ maxNewTokens: 8, eosTokenId: [7], topK: 5 });
    expect(samplingDefaults({ maxLength: 10, maxNewTokens: 3 }, 12, 100)).toEqual({ maxNewTokens: 3 });
    expect(samplingDefaults({ maxLength: 10 }, 12, 100)).toEqual({});
  });
});
