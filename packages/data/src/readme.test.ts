import { runReadmeExample } from '@fewshot/vitest-config/readme';
import { describe, expect, it } from 'vitest';
import * as api from './index.js';

describe('README example', () => {
  it('prints what its comments say', () => {
    const printed = runReadmeExample(new URL('../README.md', import.meta.url), { ...api });
    expect(printed).toEqual([
      '475 25',
      'The Fulton County Grand Jury said Friday an investigation ',
      'the and that was for',
      // An arithmetic-offset episode: one offset (12) for every line.
      'Input: 20\nOutput: 32\nInput: 51\nOutput: 63\nInput: 56\nOutput: 68',
      'episode',
    ]);
  });
});
