import { describe, expect, it } from 'vitest';
import { exactMatch, f1Score, normalizeAnswer, normalizeTriviaQaAnswer } from './answer-metrics.js';

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

describe('TriviaQA answer metrics', () => {
  it('normalises as triviaqa_evaluation.py does (outputs of its normalize_answer under Python 3.11)', () => {
    const expected: Record<string, string> = {
      'MARCEL DUCHAMP': 'marcel duchamp',
      The_Beatles: 'beatles',
      'Rock-and-Roll!': 'rock and roll',
      '‘Nude Descending A Staircase’': 'nude descending staircase',
      'St. Louis, Missouri': 'st louis missouri',
      'an apple—a day': 'apple— day',
      'Théâtre «Odéon»': 'théâtre «odéon»',
    };
    for (const [text, normalized] of Object.entries(expected))
      expect(normalizeTriviaQaAnswer(text), text).toBe(normalized);
    // SQuAD deletes the hyphens instead.
    expect(normalizeAnswer('Rock-and-Roll!')).toBe('rockandroll');
  });

  it('scores exact match and F1 against the best alias', () => {
    const aliases = ['The Beatles', 'Beatles', 'Fab Four'];
    expect(exactMatch('the fab four.', aliases, normalizeTriviaQaAnswer)).toBe(1);
    expect(exactMatch('rock and roll', ['Rock-and-Roll'], normalizeTriviaQaAnswer)).toBe(1);
    expect(exactMatch('rock and roll', ['Rock-and-Roll'])).toBe(0);
    // "fab five" vs "fab four": 1 shared of 2 each → F1 1/2; the other aliases share nothing.
    expect(f1Score('Fab Five', aliases, normalizeTriviaQaAnswer)).toBeCloseTo(0.5);
  });
});
