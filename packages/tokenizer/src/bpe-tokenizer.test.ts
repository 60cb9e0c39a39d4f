import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIXTURE_TEXTS } from './__fixtures__/texts.js';
import { fromVocabAndMerges } from './huggingface.js';
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
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (text) => {
        check(text);
      }),
      { numRuns: 300 },
    );
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

describe('hasToken', () => {
  it("knows r50k_base's 50,257 ids (50,256 is <|endoftext|>) and nothing else", () => {
    expect([0, 50255, 50256].map((id) => encoding.hasToken(id))).toEqual([true, true, true]);
    expect([50257, -1, 1.5, Number.NaN].map((id) => encoding.hasToken(id))).toEqual([false, false, false, false]);
  });

  it('is false for the ids a vocabulary skips, which decoding refuses', () => {
    // The 256 byte tokens under GPT-2's byte-to-character map (printable Latin-1 bytes stand for
    // themselves, the others for U+0100 onwards), then one token at id 300: ids 256..299 are unused.
    const printable = (byte: number): boolean =>
      (byte >= 0x21 && byte <= 0x7e) || (byte >= 0xa1 && byte <= 0xac) || byte >= 0xae;
    let shifted = 0;
    const vocab: Record<string, number> = {};
    for (let byte = 0; byte < 256; byte++) vocab[String.fromCharCode(printable(byte) ? byte : 256 + shifted++)] = byte;
    vocab.ab = 300;
    const gapped = fromVocabAndMerges(JSON.stringify(vocab), '#version: 0.2\na b\n');
    expect([0, 255, 256, 299, 300, 301].map((id) => gapped.hasToken(id))).toEqual([
      true,
      true,
      false,
      false,
      true,
      false,
    ]);
    expect(() => gapped.tokenBytes(256)).toThrow('id = 256 is invalid');
  });
});
