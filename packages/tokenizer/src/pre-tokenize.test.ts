import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIXTURE_TEXTS } from './__fixtures__/texts.js';
import { R50K_PATTERN } from './data/r50k-base-data.js';
import { preTokenize } from './pre-tokenize.js';

/** The reference: what the published pattern's matches are. */
function byRegex(text: string): string[] {
  return [...text.matchAll(new RegExp(R50K_PATTERN, 'gu'))].map((match) => match[0]);
}

describe('preTokenize', () => {
  it.each(Object.entries(FIXTURE_TEXTS))('splits %s like the GPT-2 pattern', (_, text) => {
    expect(preTokenize(text)).toEqual(byRegex(text));
  });

  it('splits arbitrary code units like the GPT-2 pattern', () => {
    const unit = fc.oneof(
      fc.constantFrom(' ', ' ', '\n', '\t', "'", 's', 'l', 'e', 'A', '1', '.', '\u00a0', '\u3000'),
      fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
      fc.integer({ min: 0x10000, max: 0x10ffff }).map((code) => String.fromCodePoint(code)),
    );
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 40 }), (text) => {
        expect(preTokenize(text)).toEqual(byRegex(text));
      }),
      { numRuns: 2000 },
    );
  });
});
