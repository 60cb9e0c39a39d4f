import { describe, expect, it } from 'vitest';
import { StreamingTextDecoder, decodeAll } from './token-decoder.js';

// 😀 is F0 9F 98 80; é is C3 A9. Tokens split both across ids, as byte-level BPE does.
const TOKENS = [[0xf0, 0x9f], [0x98], [0x80, 0x21], [0xc3], [0xa9], [0x61]];
const bytes = { tokenBytes: (id: number) => Uint8Array.from(TOKENS[id] ?? []) };
const sequence = {
  decode: (ids: readonly number[]) => new TextDecoder().decode(Uint8Array.from(ids.flatMap((id) => TOKENS[id] ?? []))),
};

describe('StreamingTextDecoder', () => {
  for (const [name, decoder] of [
    ['tokenBytes', bytes],
    ['decode', sequence],
  ] as const) {
    it(`never splits a character (${name} form)`, () => {
      const stream = new StreamingTextDecoder(decoder);
      const deltas = [0, 1, 2, 3, 4, 5].map((id) => stream.push(id));
      expect(deltas).toEqual(['', '', '😀!', '', 'é', 'a']);
      expect(deltas.join('')).not.toContain('\uFFFD');
      expect(stream.flush()).toBe('');
    });
    it(`flushes an unfinished character as U+FFFD, like a one-shot decode (${name} form)`, () => {
      const stream = new StreamingTextDecoder(decoder);
      expect(stream.push(5) + stream.push(0) + stream.flush()).toBe(sequence.decode([5, 0]));
      expect(decodeAll(decoder, [5, 0])).toBe('a\uFFFD');
    });
  }
});
