import { runReadmeExample } from '@fewshot/vitest-config/readme';
import { describe, expect, it } from 'vitest';
import * as api from './index.js';

describe('README example', () => {
  it('runs and prints what its comments say', () => {
    // GPT-3 175B's count (Table 2.1: 175B) and FLOPs as derived in the flops tests; the rest by hand.
    expect(runReadmeExample(new URL('../README.md', import.meta.url), api)).toEqual([
      '174604259328',
      '352110944256',
      '{"type":"local","window":64}',
      '1 5 7 8 9',
      'nHead = 4 is invalid: dModel (130) must be divisible by nHead',
      '256',
      '0.0006',
    ]);
  });
});
