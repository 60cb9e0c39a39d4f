import { describe, expect, it } from 'vitest';
import { getEncoding } from './r50k-base.js';

describe('README example', () => {
  const enc = getEncoding('r50k_base');

  it('shows correct ids, errors and offsets', () => {
    const ids = enc.encode('Hello world<|endoftext|>', 'all');
    expect(ids).toEqual([15496, 995, 50256]);
    expect(enc.decode(ids)).toBe('Hello world<|endoftext|>');
    expect(() => enc.encode('<|endoftext|>')).toThrow(
      'The text contains a special token that is not allowed: <|endoftext|>',
    );
    expect(enc.encodeWithOffsets('hi 👋').offsets).toEqual([
      [0, 2],
      [2, 5],
      [3, 5],
    ]);
  });
});
