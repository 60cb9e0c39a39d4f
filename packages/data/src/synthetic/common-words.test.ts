import { describe, expect, it } from 'vitest';
import { commonWords } from './common-words.js';

describe('commonWords', () => {
  it('ranks lowercase alphabetic words by frequency, ties alphabetically, within the length bounds', () => {
    const texts = ['The cat sat on the mat. The cat ran.', "A dog's bone; the dog-house, cat cats x9 mat mat"];
    // cat ×3, mat ×3, the ×2 (lowercase only), bone/cats/ran/sat ×1; "The", "dog's", "dog-house",
    // "x9", "on" and "a" are not counted.
    expect(commonWords(texts, { count: 6 })).toEqual(['cat', 'mat', 'the', 'bone', 'cats', 'ran']);
  });

  it('says how many words there are when asked for more', () => {
    expect(() => commonWords(['one two three'], { count: 5 })).toThrow(
      /count = 5 is invalid: the texts hold only 3 distinct words of 3–8 letters/,
    );
  });
});
