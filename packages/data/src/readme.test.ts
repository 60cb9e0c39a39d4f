import { runReadmeExample, runReadmeExampleAsync } from '@fewshot/vitest-config/readme';
import { describe, expect, it } from 'vitest';
import { OracleModel, byteTokenizer, oracleExactMatch } from './family-evaluation/__fixtures__/oracle-model.js';
import * as api from './index.js';
import { BROWN_VOCABULARY } from './task-families/__fixtures__/brown-vocabulary.js';

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
      '54 13',
      '| input | output |\n| --- | --- |\n| Joan | /? |\n| Daniel | ^/ |\n| Daniel | ^/ |',
      'Input: 529, 325\nOutput: 325, 529\nInput: 460, 276\nOutput: 276, 460\nInput: 137, 351\nOutput: 351, 137',
      '460 → anything, 377 → seemed, 798 → nothing, 399 → process',
      '798 → nothing',
    ]);
  });

  it('the cross-kind example prints what its comments say: lowercase words beside other kinds', async () => {
    const printed = await runReadmeExampleAsync(new URL('../README.md', import.meta.url), { ...api }, 2);
    const lines = (text: string) => text.split('\n').join('|');
    expect([printed[0], ...printed.slice(1).map(lines)]).toEqual([
      '8',
      'Question: %;<|Answer: %;<||Question: highly|Answer: highly||' +
        'Question: broad|Answer: broad||Question: knew|Answer: knew',
      'Q: Ellen volume|A: volume Ellen|Q: 44 35|A: 35 44|Q: 957 412|A: 412 957|Q: BUILT CENTRAL|A: CENTRAL BUILT',
    ]);
  });

  it('the family evaluation example prints what its comments say, and what an oracle model scores', async () => {
    // A model that copies a shown key's value, in place of fewshot-mini: its scores follow from the items.
    const loadPretrained = () => Promise.resolve({ model: new OracleModel(16_384), tokenizer: byteTokenizer });
    const printed = await runReadmeExampleAsync(
      new URL('../README.md', import.meta.url),
      { ...api, loadPretrained },
      3,
    );
    const stream = { seed: 1234, purpose: 'fewshot-mini family evaluation', vocabulary: BROWN_VOCABULARY };
    const items = ['numbers-to-words', 'echo'].map((name) =>
      api.familyTaskItems(api.HELD_OUT_FAMILIES[name]!, { ...stream, count: 12, shots: 16 }),
    );
    const mean = (k: number) => items.reduce((sum, family) => sum + oracleExactMatch(family, k), 0) / items.length;
    const percent = (k: number) => (100 * mean(k)).toFixed(1);
    const gain = (100 * (mean(16) - mean(0))).toFixed(1);
    expect(printed).toEqual([
      'word-mapping (seen lookup), numbers-to-words (held-out lookup), echo (held-out rule)',
      `K=0 ${percent(0)}%, K=1 ${percent(1)}%, K=16 ${percent(16)}%, gain ${gain} points`,
    ]);
    // Every key of a held-out lookup is shown by K = 16, echo never repeats an input: (100% + 0%) / 2.
    expect([mean(0), mean(16)]).toEqual([0, 0.5]);
  });
});
