import { runReadmeExample, runReadmeExampleAsync } from '@fewshot/vitest-config/readme';
import * as sampling from '@fewshot/sampling';
import * as tokenizer from '@fewshot/tokenizer';
import { getEncoding } from 'js-tiktoken';
import { describe, expect, it } from 'vitest';
import { ScriptedModel } from './__fixtures__/scripted-model.js';
import * as api from './index.js';
import { createSandboxExecutor } from './node.js';

const README = new URL('../README.md', import.meta.url);

describe('README examples', () => {
  it('runs the prompt example and prints what its comments say', () => {
    const printed = runReadmeExample(README, { ...api, getEncoding: tokenizer.getEncoding });
    // r50k_base token count of the sentiment prompt, from js-tiktoken; the rest by hand.
    const expectedTokens = getEncoding('r50k_base').encode(
      'Classify the sentiment of the text as Positive or Negative.\n' +
        'Input: This movie is amazing!\nOutput: Positive\n' +
        'Input: Terrible experience, would not recommend.\nOutput: Negative\n' +
        'Input: I absolutely love this product!\nOutput:',
    ).length;
    expect(printed).toEqual(['Output:', `2 ${expectedTokens}`, '["\\n"]', 'true', '1', '1']);
  });

  it('answers with generate through each template, stopping where the template says', async () => {
    const r50k = tokenizer.getEncoding('r50k_base');
    // A model that follows the pattern and then keeps writing the next example, so only the
    // template's stop string ends each answer in the right place.
    const continuations: Record<string, string> = {
      'Output:': ' Positive\nInput: Another review',
      'Answer:': ' Rome\n\nContext: Madrid is the capital of Spain.',
      'multiply two numbers\n': 'function multiply(a, b) {\n  return a * b;\n}\n\n// JavaScript code for: divide',
    };
    const model = new ScriptedModel(
      r50k,
      50_257,
      1024,
      (prompt) => Object.entries(continuations).find(([end]) => prompt.endsWith(end))?.[1] ?? '',
    );
    const printed = await runReadmeExampleAsync(
      README,
      { ...api, ...sampling, getEncoding: tokenizer.getEncoding, model },
      1,
    );
    expect(printed).toEqual(['Positive', 'Positive', 'Rome', 'function multiply(a, b) {\n  return a * b;\n}']);
    // The prompts the model saw (generate, then the two choices ranked, then QA and code), written by hand.
    const review =
      'Input: Loved every minute.\nOutput: Positive\n' +
      'Input: A waste of money.\nOutput: Negative\n' +
      'Input: Best purchase this year!\nOutput:';
    expect(model.prompts).toEqual([
      review,
      review,
      review,
      'Context: Paris is the capital of France.\nQuestion: What is the capital of France?\nAnswer: Paris\n\n' +
        'Context: Rome is the capital of Italy.\nQuestion: What is the capital of Italy?\nAnswer:',
      '// JavaScript code for: add two numbers\nfunction add(a, b) {\n  return a + b;\n}\n\n' +
        '// JavaScript code for: multiply two numbers\n',
    ]);
  });

  it('runs the applications with the seed’s prompts', async () => {
    const r50k = tokenizer.getEncoding('r50k_base');
    const continuations: [string, string][] = [
      ['galaxy,', ' there lived a robot.'],
      [
        '// python code for: quicksort algorithm in python\n\n',
        'def quicksort(xs):\n    return sorted(xs)\n\nprint(1)',
      ],
      ['Answer:', ' Rome\n'],
      ['Output:', ' Positive\n'],
    ];
    const model = new ScriptedModel(
      r50k,
      50_257,
      1024,
      (prompt) => continuations.find(([end]) => prompt.endsWith(end))?.[1] ?? '',
    );
    const printed = await runReadmeExampleAsync(README, { ...api, getEncoding: tokenizer.getEncoding, model }, 2);
    // Token counts of the record from js-tiktoken's r50k_base.
    const reference = getEncoding('r50k_base');
    const record = {
      input: 'This movie is amazing!',
      output: 'Positive',
      label: 'Positive',
      inputLength: 22,
      outputLength: 8,
      inputTokens: reference.encode('This movie is amazing!').length,
      outputTokens: reference.encode('Positive').length,
    };
    expect(printed).toEqual(['true', 'def quicksort(xs):', 'Rome', 'Positive 2', JSON.stringify(record)]);
    expect(model.prompts[1]).toBe('// python code for: quicksort algorithm in python\n\n');
    expect(model.prompts[2]).toBe(
      'Answer the question based on the context.\n\nContext: Rome is the capital of Italy.\n\n' +
        'Question: What is the capital of Italy?\nAnswer:',
    );
  });

  it('evaluates code samples in the sandbox with the numbers its comments give', async () => {
    const printed = await runReadmeExampleAsync(README, { ...api, createSandboxExecutor }, 3);
    // n = 3, c = 1: pass@1 = 1/3, pass@2 = 1 − C(2,2)/C(3,2) = 2/3; 1 − C(190,100)/C(200,100) by exact fractions.
    expect(printed).toEqual(['["passed","failed","timed out"]', '0.3333 0.6667', '0.9992']);
  }, 30_000);

  it('scores QA with TriviaQA’s normalisation and prints the paper layout', async () => {
    const printed = await runReadmeExampleAsync(README, { ...api }, 4);
    // "the stones band" vs "rolling stones": one shared word of two each, F1 = 0.5.
    expect(printed).toEqual(['rolling stones', '1', '0.500', '| LAMBADA (acc) | 50.0 ± 5.0 | – | – |']);
  });
});
