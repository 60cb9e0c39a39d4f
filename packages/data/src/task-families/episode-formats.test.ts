import { buildFewShotPrompt, inputOutputTemplate } from '@fewshot/prompting';
import { describe, expect, it } from 'vitest';
import { EPISODE_FORMATS, EPISODE_FORMAT_WEIGHTS, renderInFormat } from './episode-formats.js';

const EXAMPLES = [
  { input: 'cat', output: 'Mary' },
  { input: 'dog', output: '42' },
];

describe('episode formats', () => {
  it('Input:/Output: is the few-shot prompt @fewshot/prompting writes, followed by the answer', () => {
    const { prompt } = buildFewShotPrompt({
      examples: EXAMPLES.slice(0, 1),
      query: 'dog',
      template: inputOutputTemplate,
      excludeQuery: false,
    });
    expect(renderInFormat(EXAMPLES, EPISODE_FORMATS['input-output'])).toBe(`${prompt} 42`);
  });

  it('write each format as its name says (hand-written)', () => {
    const expected: Record<keyof typeof EPISODE_FORMATS, string> = {
      'input-output': 'Input: cat\nOutput: Mary\nInput: dog\nOutput: 42',
      'input-output-lower': 'input: cat\noutput: Mary\ninput: dog\noutput: 42',
      'input-output-upper': 'INPUT: cat\nOUTPUT: Mary\nINPUT: dog\nOUTPUT: 42',
      'q-a': 'Q: cat\nA: Mary\nQ: dog\nA: 42',
      'question-answer': 'Question: cat\nAnswer: Mary\n\nQuestion: dog\nAnswer: 42',
      'in-out': 'In: cat\nOut: Mary\nIn: dog\nOut: 42',
      arrow: 'cat -> Mary\ndog -> 42',
      'fat-arrow': 'cat => Mary\ndog => 42',
      'key-value': 'cat: Mary\ndog: 42',
      equals: 'cat = Mary\ndog = 42',
      tab: 'cat\tMary\ndog\t42',
      table: '| input | output |\n| --- | --- |\n| cat | Mary |\n| dog | 42 |',
    };
    for (const [name, format] of Object.entries(EPISODE_FORMATS)) {
      expect(renderInFormat(EXAMPLES, format), name).toBe(expected[name as keyof typeof expected]);
    }
    expect(Object.keys(EPISODE_FORMAT_WEIGHTS).sort()).toEqual(Object.keys(EPISODE_FORMATS).sort());
  });
});
