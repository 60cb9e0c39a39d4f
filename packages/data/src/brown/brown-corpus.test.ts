import { describe, expect, it } from 'vitest';
import { readBrownCorpus } from './brown-corpus.js';

describe('readBrownCorpus', () => {
  const documents = readBrownCorpus();

  it('reads the 500 samples of the 15 Brown genres in corpus order', () => {
    expect(documents).toHaveLength(500);
    expect(documents[0]!.id).toBe('ca01');
    expect(documents.at(-1)!.id).toBe('cr09');
    expect(new Set(documents.map((document) => document.category)).size).toBe(15);
    expect(documents.find((document) => document.id === 'cp01')!.category).toBe('romance');
  });

  it('starts ca01 with its first sentence as plain text', () => {
    expect(
      documents[0]!.text.startsWith(
        'The Fulton County Grand Jury said Friday an investigation of ' +
          'Atlanta\'s recent primary election produced "no evidence"',
      ),
    ).toBe(true);
  });

  it('leaves no part-of-speech tags or TeX quotes behind', () => {
    for (const { id, text } of documents) {
      // Every sample has ~2,000 words; tags would show as word/at, word/nn, word/. and so on
      // (phonemes such as /r/ are text: cj33 writes "before /l/ and /r/.").
      expect(text.match(/(?<![/\w])\w+\/(?:at|nn|nns|in|vbd|jj|np|\.)(?=\s|$)/g), id).toBeNull();
      // Two apostrophes after a number are inches (`1/4''`), which Brown writes inside the word.
      expect(/``|(?<!\d)''/.test(text), id).toBe(false);
      expect(text.split(/\s+/).length, id).toBeGreaterThan(1900);
    }
  });
});
