import { describe, expect, it } from 'vitest';
import { exactMatch, f1Score, normalizeAnswer } from './answer-metrics.js';

describe('SQuAD answer metrics', () => {
  it('normalises case, punctuation, articles and whitespace', () => {
    expect(normalizeAnswer('  The  Eiffel Tower! ')).toBe('eiffel tower');
    expect(normalizeAnswer('An apple, a pear')).toBe('apple pear');
  });

  it('exact match against any gold answer', () => {
    expect(exactMatch('the Eiffel tower.', ['Eiffel Tower', 'La tour Eiffel'])).toBe(1);
    expect(exactMatch('Eiffel', ['Eiffel Tower'])).toBe(0);
  });

  it('F1 from token overlap, best over gold answers', () => {
    // prediction "eiffel" vs gold "eiffel tower": precision 1, recall 1/2 → F1 2/3.
    expect(f1Score('Eiffel', ['Eiffel Tower'])).toBeCloseTo(2 / 3);
    // "big red barn" vs "red barn door": 2 shared, precision 2/3, recall 2/3.
    expect(f1Score('big red barn', ['nothing alike', 'red barn door'])).toBeCloseTo(2 / 3);
    expect(f1Score('the', ['a'])).toBe(1); // both normalise to nothing
    expect(f1Score('cat', ['dog'])).toBe(0);
    // Repeated words count once per occurrence in the gold answer.
    expect(f1Score('red red red', ['red'])).toBeCloseTo((2 * (1 / 3) * 1) / (1 / 3 + 1));
  });
});
