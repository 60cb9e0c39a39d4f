import { runReadmeExample } from '@fewshot/vitest-config/readme';
import { getEncoding } from 'js-tiktoken';
import { describe, expect, it } from 'vitest';
import * as tokenizer from '@fewshot/tokenizer';
import * as api from './index.js';

describe('README example', () => {
  it('runs and prints what its comments say', () => {
    const printed = runReadmeExample(new URL('../README.md', import.meta.url), { ...api, getEncoding: tokenizer.getEncoding });
    // r50k_base token count of the sentiment prompt, from js-tiktoken; the rest by hand.
    const expectedTokens = getEncoding('r50k_base').encode(
      'Classify the sentiment of the text as Positive or Negative.\nInput: This movie is amazing!\nOutput: Positive\n' +
        'Input: Terrible experience, would not recommend.\nOutput: Negative\nInput: I absolutely love this product!\nOutput:',
    ).length;
    expect(printed).toEqual(['Output:', `2 ${expectedTokens}`, '["\\n"]', 'true', '1', '1']);
  });
});
