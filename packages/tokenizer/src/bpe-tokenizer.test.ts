import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIXTURE_TEXTS } from './__fixtures__/texts.js';
import { getEncoding } from './r50k-base.js';

const encoding = getEncoding('r50k_base');
const utf8 = new TextEncoder();

describe('encodeWithOffsets', () => {
  it('gives each token the span of the characters holding its bytes', () => {
    const check = (text: string): void => {
      const { ids, offsets } = encoding.encodeWithOffsets(text, 'all');
      expect(ids).toEqual(encoding.encode(text, 'all'));
      // Reference: token i's bytes start at byte `at` of the text's UTF-8; the span must be the
      // characters from the one holding byte `at` to the one holding its last byte.
      let at = 0;
      ids.forEach((id, i) => {
        const [start, end] = offsets[i]!;
        const length = encoding.tokenBytes(id).length;
        expect(utf8.encode(text.slice(0, start)).length).toBeLessThanOrEqual(at);
        expect(utf8.encode(text.slice(0, end)).length).toBeGreaterThanOrEqual(at + length);
        expect(utf8.encode(text.slice(start, end)).length).toBeLessThan(length + 8);
        at += length;
      });
    };
    Object.values(FIXTURE_TEXTS).forEach(check);
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (text) => { check(text); }), { numRuns: 300 });
  });

  it('spans exactly the token text on ASCII', () => {
    const text = "Hello world, it's 2024<|endoftext|>ok";
    const { ids, offsets } = encoding.encodeWithOffsets(text, 'all');
    expect(offsets.map(([start, end]) => text.slice(start, end))).toEqual(ids.map((id) => encoding.decode([id])));
  });
});

describe('createStreamDecoder', () => {
  it('emits a character only when all its bytes have arrived', () => {
    const text = 'a👨‍👩‍👧🙂 日本';
    const ids = encoding.encode(text);
    const decoder = encoding.createStreamDecoder();
    const chunks = ids.map((id) => decoder.write(id));
    chunks.push(decoder.end());
    expect(chunks.join('')).toBe(text);
    expect(chunks.some((chunk) => chunk.includes('\ufffd'))).toBe(false);
    // The emoji spans several tokens, so some writes must have held bytes back.
    expect(chunks.filter((chunk) => chunk === '').length).toBeGreaterThan(0);
  });

  it('reports an unfinished character as U+FFFD at the end', () => {
    const decoder = encoding.createStreamDecoder();
    const [first] = encoding.encode('🙂');
    expect(decoder.write([first!])).toBe('');
    expect(decoder.end()).toBe('\ufffd');
  });
});
