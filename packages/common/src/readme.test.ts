import { runReadmeExample } from '@fewshot/vitest-config/readme';
import { expect, it } from 'vitest';
import { OptionError, bitsPerByteFromNats, createRandom, optionCheckers, restoreRandom } from './index.js';

it('runs the README example and prints what its comments say', () => {
  const printed = runReadmeExample(new URL('../README.md', import.meta.url), {
    OptionError,
    bitsPerByteFromNats,
    createRandom,
    optionCheckers,
    restoreRandom,
  });
  const [draws = '', ...rest] = printed;
  expect(draws).toMatch(/^[0-5] [abc] \[[1-5],[1-5]\]$/);
  expect(rest).toEqual(['true', 'RunOptionError steps = 0 is invalid: expected an integer >= 1', '8.000']);
});
