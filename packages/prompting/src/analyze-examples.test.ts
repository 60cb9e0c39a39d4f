import { getEncoding } from '@fewshot/tokenizer';
import { describe, expect, it } from 'vitest';
import { analyzeExamples } from './analyze-examples.js';
import { classificationTemplate } from './prompt-template.js';

describe('analyzeExamples', () => {
  it('reports lengths in characters and tokens, and the label balance', () => {
    const examples = [
      { input: 'Hello world', output: 'Positive' },
      { input: 'Bad', output: 'Negative' },
      { input: 'Good good', output: 'Positive' },
    ];
    const analysis = analyzeExamples(examples, getEncoding('r50k_base'));
    expect(analysis.count).toBe(3);
    expect(analysis.input.characters).toEqual({ min: 3, max: 11, mean: 23 / 3 });
    // r50k_base: "Hello world" → 2 tokens, "Bad" → 1, "Good good" → 2.
    expect(analysis.input.tokens).toEqual({ min: 1, max: 2, mean: 5 / 3 });
    expect(analysis.labels).toEqual([{ label: 'Positive', count: 2 }, { label: 'Negative', count: 1 }]);
    expect(analysis.labelBalance).toBe(0.5);
  });

  it('handles an empty set', () => {
    expect(analyzeExamples([])).toEqual({
      count: 0, input: { characters: { min: 0, max: 0, mean: 0 } }, output: { characters: { min: 0, max: 0, mean: 0 } }, labels: [], labelBalance: 1,
    });
  });
});

describe('classificationTemplate', () => {
  it('needs at least two distinct labels', () => {
    expect(classificationTemplate(['yes', 'no']).labels).toEqual(['yes', 'no']);
    expect(() => classificationTemplate(['yes'])).toThrow('labels = ["yes"] is invalid: expected at least two distinct labels');
    expect(() => classificationTemplate(['a', 'a'])).toThrow('labels = ["a","a"] is invalid');
  });
});
