import { getEncoding } from '@fewshot/tokenizer';
import { describe, expect, it } from 'vitest';
import { ScriptedModel } from '../__fixtures__/scripted-model.js';
import { answerQuestion } from './answer-question.js';
import { classify } from './classify.js';
import { generateCode } from './generate-code.js';
import { generateText } from './generate-text.js';

const tokenizer = getEncoding('r50k_base');
/** A model that writes `script(prompt)` greedily (logit 10 on its next token, 0 elsewhere). */
const scripted = (script: (prompt: string) => string) => new ScriptedModel(tokenizer, 50_257, 1024, script);

describe('generateText', () => {
  it('returns the prompt and its continuation, as the seed’s generate_text', async () => {
    const model = scripted(() => ' there lived a robot.');
    const story = await generateText(model, tokenizer, 'Once upon a time in a distant galaxy,', {
      temperature: 0,
      maxNewTokens: 5,
    });
    expect(model.prompts).toEqual(['Once upon a time in a distant galaxy,']);
    expect(story.completion).toBe(' there lived a robot.');
    expect(story.text).toBe('Once upon a time in a distant galaxy, there lived a robot.');
  });

  it('generates 200 new tokens by default and passes every sampling option through', async () => {
    const model = scripted(() => ' word'.repeat(400));
    expect((await generateText(model, tokenizer, 'Once', { seed: 1 })).result.usage.completionTokens).toBe(200);
    const stopped = await generateText(
      scripted(() => ' a b c d'),
      tokenizer,
      'Once',
      { temperature: 0, stop: [' c'] },
    );
    expect(stopped.completion).toBe(' a b');
    expect(stopped.result.completions[0]!.finishReason).toBe('stop');
  });

  it('rejects a prompt with no tokens naming it', async () => {
    await expect(
      generateText(
        scripted(() => ''),
        tokenizer,
        '',
      ),
    ).rejects.toThrow('prompt = "" is invalid: expected text that encodes to at least one token');
  });
});

describe('generateCode', () => {
  it('writes the seed’s prompt and stops at the first blank line', async () => {
    const model = scripted(() => 'def quicksort(xs):\n    return sorted(xs)\n\nprint(quicksort([3, 1]))');
    const result = await generateCode(model, tokenizer, 'quicksort algorithm in python', { temperature: 0 });
    expect(model.prompts).toEqual(['// python code for: quicksort algorithm in python\n\n']);
    expect(result.code).toBe('def quicksort(xs):\n    return sorted(xs)');
  });

  it('names the language and comment style asked for', async () => {
    const model = scripted(() => 'const x = 1;');
    await generateCode(model, tokenizer, 'a constant', {
      language: 'Ruby',
      commentPrefix: '#',
      temperature: 0,
      maxNewTokens: 4,
    });
    expect(model.prompts).toEqual(['# Ruby code for: a constant\n\n']);
  });
});

describe('answerQuestion', () => {
  it('answers from a context with the seed’s prompt, greedily, up to the end of the line', async () => {
    const model = scripted(() => ' Rome \nQuestion: and Spain?');
    const result = await answerQuestion(model, tokenizer, 'What is the capital of Italy?', {
      context: 'Rome is the capital of Italy.',
    });
    expect(model.prompts).toEqual([
      'Answer the question based on the context.\n\nContext: Rome is the capital of Italy.\n\n' +
        'Question: What is the capital of Italy?\nAnswer:',
    ]);
    expect(result.answer).toBe('Rome');
  });

  it('answers closed-book in the paper’s Q: / A: format after the examples', async () => {
    const model = scripted(() => ' Rome\n\nQ: Capital of Spain?');
    const result = await answerQuestion(model, tokenizer, 'What is the capital of Italy?', {
      examples: [{ input: 'What is the capital of France?', output: 'Paris' }],
    });
    expect(model.prompts).toEqual([
      'Q: What is the capital of France?\nA: Paris\n\nQ: What is the capital of Italy?\nA:',
    ]);
    expect(result.answer).toBe('Rome');
  });
});

describe('classify', () => {
  it('scores each label after the seed’s few-shot prompt and picks the likeliest', async () => {
    const model = scripted((prompt) => (prompt.endsWith('Output:') ? ' Positive' : ''));
    const result = await classify(model, tokenizer, 'I absolutely love this product!', {
      description: 'Classify the sentiment of the text as Positive or Negative.',
      labels: ['Positive', 'Negative', 'Neutral'],
      examples: [
        { input: 'This movie is amazing!', output: 'Positive' },
        { input: 'Terrible experience, would not recommend.', output: 'Negative' },
        { input: 'The food was okay, nothing special.', output: 'Neutral' },
      ],
    });
    expect(result.prompt).toBe(
      'Classify the sentiment of the text as Positive or Negative.\nInput: This movie is amazing!\nOutput: Positive\n' +
        'Input: Terrible experience, would not recommend.\nOutput: Negative\n' +
        'Input: The food was okay, nothing special.\nOutput: Neutral\n' +
        'Input: I absolutely love this product!\nOutput:',
    );
    expect(result.label).toBe('Positive');
    expect(result.scores.map((score) => score.label)).toEqual(['Positive', 'Negative', 'Neutral']);
    // " Positive" is the scripted argmax (logit 10 against 0 for the 50,256 others); the rest share the remainder.
    const argmax = Math.log(Math.exp(10) / (Math.exp(10) + 50_256));
    expect(result.scores[0]!.logprob).toBeCloseTo(argmax * tokenizer.encode(' Positive').length, 4);
    expect(result.scores.reduce((sum, score) => sum + score.probability, 0)).toBeCloseTo(1, 12);
    expect(result.scores[0]!.probability).toBeGreaterThan(0.99);
  });

  it('needs two distinct labels', async () => {
    await expect(
      classify(
        scripted(() => ''),
        tokenizer,
        'x',
        { labels: ['yes'] },
      ),
    ).rejects.toThrow('labels = ["yes"] is invalid: expected at least two distinct labels');
  });
});
