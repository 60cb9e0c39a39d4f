import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createModelConfig } from '@fewshot/config';
import { GptModel } from '@fewshot/model';
import { saveHuggingFaceModel, selectBackend } from '@fewshot/model/node';
import { answerQuestion, classify, generateCode } from '@fewshot/prompting';
import { getEncoding } from '@fewshot/tokenizer';
import { getEncoding as tiktoken } from 'js-tiktoken';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../__fixtures__/run-cli.js';

vi.mock('@fewshot/mini', () => import('../__fixtures__/bundled-model.js').then((fixture) => fixture.miniModule));

const r50k = getEncoding('r50k_base');
const END_OF_TEXT = 50256;
const files = mkdtempSync(join(tmpdir(), 'fewshot-applications-'));
const examples = join(files, 'examples.jsonl');
writeFileSync(
  examples,
  [
    { input: 'This movie is amazing!', output: 'Positive' },
    { input: 'Terrible experience, would not recommend.', output: 'Negative' },
    { input: 'The food was okay, nothing special.', output: 'Neutral' },
  ]
    .map((line) => JSON.stringify(line))
    .join('\n'),
);

describe('fewshot code, ask and classify', () => {
  let dir: string;
  let model: GptModel;
  const flags = (): string[] => ['--model', dir, '--backend', 'cpu'];

  beforeAll(async () => {
    await selectBackend('cpu');
    const config = createModelConfig({
      vocabSize: 50257,
      contextLength: 128,
      dModel: 16,
      nLayer: 2,
      nHead: 2,
      attention: [{ type: 'dense' }, { type: 'local', window: 4 }],
    });
    model = GptModel.create(config, { seed: 5 });
    dir = mkdtempSync(join(tmpdir(), 'fewshot-applications-model-'));
    await saveHuggingFaceModel(model, dir);
  });

  afterAll(() => {
    model.dispose();
  });

  it('code prints what generateCode gives on the same checkpoint and sampling options', async () => {
    const run = await runCli([
      'code',
      ...flags(),
      '--description',
      'quicksort',
      '--language',
      'JavaScript',
      '--max-new-tokens',
      '6',
      '--seed',
      '3',
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const expected = await generateCode(model, r50k, 'quicksort', {
      language: 'JavaScript',
      maxNewTokens: 6,
      seed: 3,
      eosTokenId: END_OF_TEXT,
    });
    expect(JSON.parse(run.stdout)).toMatchObject({
      prompt: '// JavaScript code for: quicksort\n\n',
      code: expected.code,
      seed: 3,
    });
    const text = await runCli([
      'code',
      ...flags(),
      '--description',
      'quicksort',
      '--language',
      'JavaScript',
      '--max-new-tokens',
      '6',
      '--seed',
      '3',
    ]);
    expect(text.stdout).toBe(`${expected.code}\n`);
  });

  it('ask answers from a context file or closed-book, greedily, as answerQuestion does', async () => {
    const contextFile = join(files, 'context.txt');
    writeFileSync(contextFile, 'Rome is the capital of Italy.\n');
    const fromContext = await runCli([
      'ask',
      ...flags(),
      '--question',
      'What is the capital of Italy?',
      '--context-file',
      contextFile,
      '--max-new-tokens',
      '5',
      '--json',
    ]);
    expect(fromContext.code, fromContext.stderr).toBe(0);
    const expected = await answerQuestion(model, r50k, 'What is the capital of Italy?', {
      context: 'Rome is the capital of Italy.',
      maxNewTokens: 5,
      eosTokenId: END_OF_TEXT,
    });
    expect(JSON.parse(fromContext.stdout)).toMatchObject({ prompt: expected.prompt, answer: expected.answer });
    const closedBook = await runCli([
      'ask',
      ...flags(),
      '--question',
      'Who wrote Hamlet?',
      '--max-new-tokens',
      '5',
      '--json',
    ]);
    expect(JSON.parse(closedBook.stdout)).toMatchObject({ prompt: 'Q: Who wrote Hamlet?\nA:' });
  });

  it('classify scores the labels after the few-shot prompt, as classify does', async () => {
    const run = await runCli([
      'classify',
      ...flags(),
      '--text',
      'I absolutely love this product!',
      '--labels',
      'Positive,Negative,Neutral',
      '--examples',
      examples,
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const expected = await classify(model, r50k, 'I absolutely love this product!', {
      labels: ['Positive', 'Negative', 'Neutral'],
      examples: [
        { input: 'This movie is amazing!', output: 'Positive' },
        { input: 'Terrible experience, would not recommend.', output: 'Negative' },
        { input: 'The food was okay, nothing special.', output: 'Neutral' },
      ],
      prefixTokenId: END_OF_TEXT,
    });
    const json = JSON.parse(run.stdout) as {
      label: string;
      scores: { label: string; logprob: number }[];
      prompt: string;
    };
    expect(json.label).toBe(expected.label);
    expect(json.prompt).toBe(expected.prompt);
    json.scores.forEach((score, i) => {
      expect(score.logprob).toBeCloseTo(expected.scores[i]!.logprob, 4);
    });
    const table = await runCli(['classify', ...flags(), '--text', 'Great!', '--labels', 'yes,no']);
    expect(table.stdout.split('\n')[0]).toMatch(/^(yes|no)$/);
    expect(table.stdout).toMatch(/label\s+probability\s+logprob/);
  });

  it('names the flag and what is allowed', async () => {
    const cases: [string[], number, string][] = [
      [['code', ...flags()], 2, 'give --description TEXT'],
      [
        ['code', ...flags(), '--description', 'x', '--top-p', '0'],
        2,
        '--top-p 0 is invalid: expected a number in (0, 1]',
      ],
      [
        ['ask', ...flags(), '--question', 'q', '--context', 'a', '--context-file', 'b'],
        2,
        'give --context or --context-file, not both',
      ],
      [
        ['ask', ...flags(), '--question', 'q', '--context-file', join(files, 'none.txt')],
        1,
        `--context-file ${join(files, 'none.txt')}: cannot be read`,
      ],
      [
        ['classify', ...flags(), '--text', 'x', '--labels', 'a'],
        2,
        '--labels "a" is invalid: expected at least two distinct labels',
      ],
      [
        ['classify', ...flags(), '--text', 'x', '--labels', 'a,b', '--examples', join(files, 'context.txt')],
        1,
        'context.txt line 1 = "Rome is the capital of Italy." is invalid: not valid JSON',
      ],
    ];
    for (const [args, code, message] of cases) {
      const run = await runCli(args);
      expect(run.code, args.join(' ')).toBe(code);
      expect(run.stderr).toContain(message);
    }
  });
});

describe('fewshot analyze', () => {
  it('lists each example’s lengths in characters and r50k_base tokens, then the aggregates', async () => {
    const json = await runCli(['analyze', '--examples', examples, '--json']);
    expect(json.code).toBe(0);
    // Token counts from js-tiktoken, independent of @fewshot/tokenizer.
    const reference = tiktoken('r50k_base');
    const analysis = JSON.parse(json.stdout) as {
      records: { input: string; inputTokens: number; outputTokens: number; label: string }[];
      labelBalance: number;
    };
    expect(analysis.records.map((record) => [record.inputTokens, record.outputTokens, record.label])).toEqual([
      [reference.encode('This movie is amazing!').length, reference.encode('Positive').length, 'Positive'],
      [
        reference.encode('Terrible experience, would not recommend.').length,
        reference.encode('Negative').length,
        'Negative',
      ],
      [reference.encode('The food was okay, nothing special.').length, reference.encode('Neutral').length, 'Neutral'],
    ]);
    expect(analysis.labelBalance).toBe(1);
    const text = await runCli(['analyze', '--examples', examples]);
    expect(text.stdout).toMatch(/^#\s+input chars\s+input tokens\s+output chars\s+output tokens\s+label\n/);
    expect(text.stdout).toContain('3 examples\n');
    expect(text.stdout).toContain('labels: Negative ×1, Neutral ×1, Positive ×1 (balance 1.00)');
  });
});
