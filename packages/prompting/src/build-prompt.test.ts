import { getEncoding } from '@fewshot/tokenizer';
import { describe, expect, it } from 'vitest';
import { buildFewShotPrompt } from './build-prompt.js';
import { codeTemplate, questionAnsweringTemplate } from './prompt-template.js';
import { PromptingError } from './prompting-error.js';

const sentiment = [
  { input: 'This movie is amazing!', output: 'Positive' },
  { input: 'Terrible experience, would not recommend.', output: 'Negative' },
  { input: 'The food was okay, nothing special.', output: 'Neutral' },
];
const description = 'Classify the sentiment of the text as Positive or Negative.';

describe('buildFewShotPrompt', () => {
  it("writes the seed's Input/Output format, query last with a trailing Output:", () => {
    const { prompt, shotsUsed, stop } = buildFewShotPrompt({
      description,
      examples: sentiment,
      query: 'I absolutely love this product!',
    });
    // The seed's FewShotPrompt joins the description, the lines and the query with "\n".
    expect(prompt).toBe(
      [
        description,
        'Input: This movie is amazing!',
        'Output: Positive',
        'Input: Terrible experience, would not recommend.',
        'Output: Negative',
        'Input: The food was okay, nothing special.',
        'Output: Neutral',
        'Input: I absolutely love this product!',
        'Output:',
      ].join('\n'),
    );
    expect(shotsUsed).toBe(3);
    expect(stop).toEqual(['\n']);
  });

  it('is zero-shot with shots 0 and one-shot with shots 1', () => {
    expect(buildFewShotPrompt({ description, examples: sentiment, query: 'Great!', shots: 0 }).prompt).toBe(
      `${description}\nInput: Great!\nOutput:`,
    );
    expect(buildFewShotPrompt({ examples: sentiment, query: 'Great!', shots: 1 }).prompt).toBe(
      'Input: This movie is amazing!\nOutput: Positive\nInput: Great!\nOutput:',
    );
  });

  it('never shows the query as its own demonstration', () => {
    const { examples } = buildFewShotPrompt({ examples: sentiment, query: sentiment[0]!, shots: 2 });
    expect(examples.map((e) => e.output)).toEqual(['Negative', 'Neutral']);
    expect(() => buildFewShotPrompt({ examples: sentiment, query: sentiment[0]!, shots: 3 })).toThrow(
      'shots = 3 is invalid: only 2 examples are available besides the query',
    );
  });

  it('keeps a demonstration that shares the query input when excludeQuery is false (lookup episodes)', () => {
    const { prompt, shotsUsed } = buildFewShotPrompt({
      examples: sentiment.slice(0, 2),
      query: sentiment[0]!.input,
      excludeQuery: false,
    });
    expect(shotsUsed).toBe(2);
    expect(prompt.startsWith('Input: This movie is amazing!\nOutput: Positive\n')).toBe(true);
    expect(prompt.endsWith('Input: This movie is amazing!\nOutput:')).toBe(true);
  });

  it('draws random demonstrations reproducibly with a seed', () => {
    const pool = Array.from({ length: 50 }, (_, i) => ({ input: `x${i}`, output: `y${i}` }));
    const draw = (seed: number) =>
      buildFewShotPrompt({ examples: pool, query: 'q', shots: 5, selection: 'random', seed }).examples.map(
        (e) => e.input,
      );
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    expect(new Set(draw(7)).size).toBe(5);
    // Every item is reachable: over many seeds each example is drawn about 5/50 of the time.
    const counts = new Map<string, number>();
    for (let seed = 0; seed < 2000; seed++)
      for (const input of draw(seed)) counts.set(input, (counts.get(input) ?? 0) + 1);
    expect(counts.size).toBe(50);
    for (const count of counts.values()) expect(Math.abs(count / 2000 - 0.1)).toBeLessThan(0.03);
  });

  it('fits the context window by dropping the demonstrations farthest from the query', () => {
    const tokenizer = getEncoding('r50k_base');
    const pool = Array.from({ length: 20 }, (_, i) => ({
      input: `example number ${i} with some words`,
      output: `answer ${i}`,
    }));
    const full = buildFewShotPrompt({ examples: pool, query: 'the query', tokenizer, maxTokens: 100_000 });
    expect(full.tokenCount).toBe(tokenizer.encode(full.prompt).length);
    const fitted = buildFewShotPrompt({
      examples: pool,
      query: 'the query',
      tokenizer,
      maxTokens: 120,
      reserveTokens: 10,
    });
    expect(fitted.tokenCount).toBeLessThanOrEqual(110);
    expect(fitted.tokenCount).toBe(tokenizer.encode(fitted.prompt).length);
    expect(fitted.shotsUsed).toBeLessThan(20);
    expect(fitted.shotsRequested).toBe(20);
    // The kept ones are the last K, nearest the query; one more would not fit.
    expect(fitted.examples).toEqual(pool.slice(20 - fitted.shotsUsed));
    expect(
      buildFewShotPrompt({
        examples: pool.slice(20 - fitted.shotsUsed - 1),
        query: 'the query',
        tokenizer,
        maxTokens: 1e6,
      }).tokenCount,
    ).toBeGreaterThan(110);
    expect(fitted.prompt.endsWith('Input: the query\nOutput:')).toBe(true);
  });

  it('refuses to truncate the query', () => {
    const tokenizer = getEncoding('r50k_base');
    const query = 'word '.repeat(200);
    expect(() => buildFewShotPrompt({ examples: sentiment, query, tokenizer, maxTokens: 100 })).toThrow(PromptingError);
    expect(() => buildFewShotPrompt({ examples: sentiment, query, tokenizer, maxTokens: 100 })).toThrow(
      /needs \d+ tokens with no demonstrations, more than the 100 available/,
    );
  });

  it('validates its options', () => {
    expect(() => buildFewShotPrompt({ examples: sentiment, query: 'q', shots: -1 })).toThrow(
      'shots = -1 is invalid: expected an integer >= 0',
    );
    expect(() => buildFewShotPrompt({ examples: sentiment, query: 'q', maxTokens: 10 })).toThrow(
      'tokenizer = undefined is invalid: maxTokens needs a tokenizer',
    );
    const tokenizer = getEncoding('r50k_base');
    expect(() =>
      buildFewShotPrompt({ examples: sentiment, query: 'q', tokenizer, maxTokens: 10, reserveTokens: 10 }),
    ).toThrow('reserveTokens = 10 is invalid: expected an integer in 0..9');
    expect(() => buildFewShotPrompt({ examples: sentiment, query: 'q', selection: 'best' as never })).toThrow(
      'selection = "best" is invalid',
    );
  });
});

describe('templates', () => {
  it("question answering writes the seed's Context/Question/Answer blocks", () => {
    const { prompt } = buildFewShotPrompt({
      description: 'Answer the question based on the context.',
      template: questionAnsweringTemplate,
      examples: [
        { context: 'Paris is the capital of France.', input: 'What is the capital of France?', output: 'Paris' },
      ],
      query: { context: 'Rome is the capital of Italy.', input: 'What is the capital of Italy?' },
    });
    expect(prompt).toBe(
      'Answer the question based on the context.\n\n' +
        'Context: Paris is the capital of France.\nQuestion: What is the capital of France?\nAnswer: Paris\n\n' +
        'Context: Rome is the capital of Italy.\nQuestion: What is the capital of Italy?\nAnswer:',
    );
  });

  it('code generation ends its answer at a blank line', () => {
    const template = codeTemplate('python', '#');
    const { prompt, stop } = buildFewShotPrompt({ template, query: 'quicksort algorithm' });
    expect(prompt).toBe('# python code for: quicksort algorithm\n');
    expect(stop).toEqual(['\n\n']);
  });
});
