import { getEncoding } from '@fewshot/tokenizer';
import { getEncoding as tiktoken } from 'js-tiktoken';
import { describe, expect, it } from 'vitest';
import { analyzeExamples } from './analyze-examples.js';
import { parseExamplesJsonl } from './examples-jsonl.js';
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
    expect(analysis.labels).toEqual([
      { label: 'Positive', count: 2 },
      { label: 'Negative', count: 1 },
    ]);
    expect(analysis.labelBalance).toBe(0.5);
  });

  it('lists each example as the seed’s analyze_pattern does: lengths in characters and tokens, and its label', () => {
    const examples = [
      { input: 'This movie is amazing!', output: 'Positive' },
      { input: 'Terrible experience, would not recommend.', output: 'Negative' },
    ];
    // Token counts from js-tiktoken's r50k_base, an implementation independent of @fewshot/tokenizer.
    const reference = tiktoken('r50k_base');
    expect(analyzeExamples(examples, getEncoding('r50k_base')).records).toEqual(
      examples.map(({ input, output }) => ({
        input,
        output,
        label: output,
        inputLength: input.length,
        outputLength: output.length,
        inputTokens: reference.encode(input).length,
        outputTokens: reference.encode(output).length,
      })),
    );
    expect(analyzeExamples(examples).records[1]).toEqual({
      input: examples[1]!.input,
      output: 'Negative',
      label: 'Negative',
      inputLength: 41,
      outputLength: 8,
    });
  });

  it('handles an empty set', () => {
    expect(analyzeExamples([])).toEqual({
      count: 0,
      records: [],
      input: { characters: { min: 0, max: 0, mean: 0 } },
      output: { characters: { min: 0, max: 0, mean: 0 } },
      labels: [],
      labelBalance: 1,
    });
  });
});

describe('classificationTemplate', () => {
  it('needs at least two distinct labels', () => {
    expect(classificationTemplate(['yes', 'no']).labels).toEqual(['yes', 'no']);
    expect(() => classificationTemplate(['yes'])).toThrow(
      'labels = ["yes"] is invalid: expected at least two distinct labels',
    );
    expect(() => classificationTemplate(['a', 'a'])).toThrow('labels = ["a","a"] is invalid');
  });
});

describe('parseExamplesJsonl', () => {
  it('reads {input, output[, context]} lines and names the line and field of a bad one', () => {
    expect(
      parseExamplesJsonl('{"input": "a", "output": "b"}\n\n{"input": "c", "output": "d", "context": "e"}\n'),
    ).toEqual([
      { input: 'a', output: 'b' },
      { input: 'c', output: 'd', context: 'e' },
    ]);
    expect(() => parseExamplesJsonl('{"input": "a"}', 'ex.jsonl')).toThrow(
      'ex.jsonl line 1: output = undefined is invalid: expected a string',
    );
    expect(() => parseExamplesJsonl('\n', 'ex.jsonl')).toThrow(
      'ex.jsonl = "" is invalid: expected at least one {"input", "output"} line',
    );
  });
});
