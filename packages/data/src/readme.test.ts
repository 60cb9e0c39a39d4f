import { runReadmeExample, runReadmeExampleAsync } from '@fewshot/vitest-config/readme';
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

  it('the task-family example prints what its comments say', async () => {
    const printed = await runReadmeExampleAsync(new URL('../README.md', import.meta.url), { ...api }, 1);
    expect(printed).toEqual([
      '54 9',
      '| input | output |\n| --- | --- |\n| Joan | /? |\n| Daniel | ^/ |\n| Daniel | ^/ |',
      'Input: 529, 325\nOutput: 325, 529\nInput: 460, 276\nOutput: 276, 460\nInput: 137, 351\nOutput: 351, 137',
      '460 → anything, 377 → seemed, 798 → nothing, 399 → process',
      '798 → nothing',
    ]);
  });
});
