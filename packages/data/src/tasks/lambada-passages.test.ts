import { describe, expect, it } from 'vitest';
import { lambadaPassages } from './lambada-passages.js';

const story = [
  'Anna found an old key in the garden. It was heavy and cold. She took the key to the shed.',
  'The lock on the shed was rusty. It turned with the old key.',
  'Mrs. Brown waved to Anna from across the road. Anna waved back at Mrs.',
  'She said the road was quiet today, and Mrs. Brown agreed that the road was quiet.',
].join(' ');
const options = { seed: 0, minWords: 10, maxWords: 30 };

describe('lambadaPassages', () => {
  // Worked by hand: "cold", "shed" and "rusty" are new words when their sentence ends, so the
  // first passage ends at "key" (sliding past sentence 1 to stay within 30 words); "Mrs" is
  // an abbreviation, so the second passage runs on to "quiet".
  it('cuts whole sentences ending at a word that appeared earlier in the passage, without overlap', () => {
    expect(lambadaPassages([story], { count: 2, ...options })).toEqual([
      {
        text:
          'It was heavy and cold. She took the key to the shed. The ' +
          'lock on the shed was rusty. It turned with the old key',
      },
      {
        text:
          'Mrs. Brown waved to Anna from across the road. Anna waved back at Mrs. She ' +
          'said the road was quiet today, and Mrs. Brown agreed that the road was quiet',
      },
    ]);
  });

  it('says how many passages the documents hold when asked for more', () => {
    expect(() => lambadaPassages([story], { count: 3, ...options })).toThrow(
      /count = 3 is invalid: the documents yield only 2 passages/,
    );
  });

  it('names bad length bounds', () => {
    expect(() => lambadaPassages([story], { count: 1, seed: 0, minWords: 50, maxWords: 10 })).toThrow(
      /minWords..maxWords = \[50,10\]/,
    );
  });
});
