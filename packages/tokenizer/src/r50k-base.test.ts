import fc from 'fast-check';
import { getEncoding as getPeerEncoding } from 'js-tiktoken';
import ranks from 'js-tiktoken/ranks/r50k_base';
import { describe, expect, it } from 'vitest';
import { FIXTURE_TEXTS } from './__fixtures__/texts.js';
import { getEncoding } from './r50k-base.js';

const ours = getEncoding('r50k_base');
const peer = getPeerEncoding('r50k_base');

/** A string of arbitrary UTF-16 code units, lone surrogates included. */
const codeUnitString = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit)),
  maxLength: 60,
});
/** Well-formed strings from all of Unicode (graphemes of every plane). */
const unicodeString = fc.string({ unit: 'grapheme', maxLength: 30 });
/** Text that looks like text: words, spaces, digits, apostrophes, a few scripts. */
const textLike = fc.string({
  unit: fc.constantFrom(...Array.from("ab Z9's re ll \n\t\r.,!?日本🙂é\u0301 ")),
  maxLength: 80,
});

describe('getEncoding("r50k_base")', () => {
  it('is shared between its names and has 50,257 ids', () => {
    expect(getEncoding('gpt2')).toBe(ours);
    expect(ours.vocabSize).toBe(50_257);
    expect(ours.specialTokens).toEqual({ '<|endoftext|>': 50_256 });
  });

  it('rejects unknown encoding names', () => {
    expect(() => getEncoding('cl100k_base' as 'gpt2')).toThrow(
      /name = "cl100k_base" is invalid: one of r50k_base, gpt2/,
    );
  });

  it('has every token of the published ranks with the same bytes', () => {
    for (const line of ranks.bpe_ranks.split('\n')) {
      if (line === '') continue;
      const [, offset, ...tokens] = line.split(' ');
      tokens.forEach((token, i) => {
        expect(Buffer.from(ours.tokenBytes(Number(offset) + i)).toString('base64')).toBe(token);
      });
    }
  });

  it.each(Object.entries(FIXTURE_TEXTS))('encodes %s like js-tiktoken and decodes back', (_, text) => {
    const ids = ours.encode(text, 'all');
    expect(ids).toEqual(peer.encode(text, 'all'));
    expect(ours.encodeOrdinary(text)).toEqual(peer.encode(text, [], []));
    expect(ours.decode(ids)).toBe(peer.decode(ids));
  });

  it('matches js-tiktoken on arbitrary code units, including lone surrogates', () => {
    fc.assert(
      fc.property(codeUnitString, (text) => {
        expect(ours.encodeOrdinary(text)).toEqual(peer.encode(text, [], []));
      }),
      { numRuns: 400 },
    );
  });

  it('matches js-tiktoken and round-trips on well-formed Unicode and text-like strings', () => {
    fc.assert(
      fc.property(fc.oneof(unicodeString, textLike), (text) => {
        const ids = ours.encodeOrdinary(text);
        expect(ids).toEqual(peer.encode(text, [], []));
        expect(ours.decode(ids)).toBe(text);
      }),
      { numRuns: 600 },
    );
  });

  it('matches js-tiktoken on long runs that take the heap merge path', () => {
    for (const text of [
      'a'.repeat(300),
      ' '.repeat(500),
      '🙂'.repeat(100),
      'ab'.repeat(200),
      '\n'.repeat(130) + 'x',
      '1'.repeat(99),
    ]) {
      expect(ours.encode(text)).toEqual(peer.encode(text));
    }
  });

  // 3 s alone; over 20 s when the test run shares the machine's two cores with other work.
  it('encodes 200,000 repeats in time that grows close to linearly', { timeout: 90_000 }, () => {
    // One 200,000-character piece against ten 20,000-character pieces (the same characters, each
    // too long for the piece cache): linear merging takes about as long for both, quadratic about
    // 10× longer for the one. Timed interleaved, best of 7, so load on the machine hits both alike.
    const milliseconds = (run: () => void): number => {
      const start = performance.now();
      run();
      return performance.now() - start;
    };
    for (const char of [' ', 'a', '😀']) {
      const long = char.repeat(200_000);
      const short = char.repeat(20_000);
      const longTimes: number[] = [];
      const shortTimes: number[] = [];
      for (let round = 0; round < 8; round++) {
        longTimes.push(milliseconds(() => ours.encodeOrdinary(long)));
        shortTimes.push(
          milliseconds(() => {
            for (let i = 0; i < 10; i++) ours.encodeOrdinary(short);
          }),
        );
      }
      // The first round warms up.
      const ratio = Math.min(...longTimes.slice(1)) / Math.min(...shortTimes.slice(1));
      expect(
        ratio,
        `${JSON.stringify(char)}: one 200,000 run took ${ratio.toFixed(1)}× as long as ten of 20,000`,
      ).toBeLessThan(4);
    }
  });

  describe('special tokens (js-tiktoken semantics)', () => {
    const text = 'Hello<|endoftext|>world';

    it("throws on a disallowed special token with js-tiktoken's message", () => {
      expect(() => ours.encode(text)).toThrow('The text contains a special token that is not allowed: <|endoftext|>');
      expect(() => ours.encode(text, [], ['<|endoftext|>'])).toThrow(/not allowed/);
    });

    it('encodes allowed special tokens as their ids, or as text when not disallowed', () => {
      for (const [allowed, disallowed] of [
        ['all', 'all'],
        [['<|endoftext|>'], 'all'],
        [[], []],
      ] as ['all' | string[], 'all' | string[]][]) {
        expect(ours.encode(text, allowed, disallowed)).toEqual(peer.encode(text, allowed, disallowed));
      }
      expect(ours.encode(text, 'all')).toContain(50_256);
      expect(ours.decode(ours.encode(text, 'all'))).toBe(text);
    });

    it('rejects malformed arguments', () => {
      expect(() => ours.encode(42 as unknown as string)).toThrow(/text = 42 is invalid: a string/);
      expect(() => ours.encode('x', 'some' as 'all')).toThrow(/allowedSpecial = "some" is invalid/);
    });
  });

  describe('decode', () => {
    it('turns invalid UTF-8 into U+FFFD like js-tiktoken', () => {
      const ids = ours.encode('🙂');
      expect(ids.length).toBeGreaterThan(1);
      expect(ours.decode(ids.slice(0, 1))).toBe(peer.decode(ids.slice(0, 1)));
    });

    it('rejects ids outside the vocabulary, naming the position', () => {
      expect(() => ours.decode([1, 50_257])).toThrow(/ids\[1\] = 50257 is invalid/);
      expect(() => ours.decode([-1])).toThrow(/ids\[0\] = -1/);
      expect(() => ours.decode([1.5])).toThrow(/ids\[0\] = 1.5/);
    });
  });
});
