import { getEncoding } from '@fewshot/tokenizer';
import { describe, expect, it } from 'vitest';
import { HashModel } from '../__fixtures__/hash-model.js';
import { lookupModel } from '../__fixtures__/lookup-model.js';
import { bitsPerByte, evaluateText } from './bits-per-byte.js';
import { type EvaluationProgress, evaluateTask } from './evaluate-task.js';
import { formatResultsTable } from './results-table.js';
import { parseTaskJsonl } from './task.js';

const tokenizer = getEncoding('r50k_base');
const EOT = 50_256;

/** Word-lookup episodes: the query's key is the example at `keyAt`, so it is answerable from K = keyAt + 1 shots on. */
const items = [
  {
    examples: [
      { input: 'apple', output: 'red' },
      { input: 'sky', output: 'blue' },
      { input: 'grass', output: 'green' },
    ],
    input: 'sky',
    output: 'blue',
    keyAt: 1,
  },
  {
    examples: [
      { input: 'cat', output: 'meow' },
      { input: 'dog', output: 'woof' },
      { input: 'cow', output: 'moo' },
    ],
    input: 'cat',
    output: 'meow',
    keyAt: 0,
  },
  {
    examples: [
      { input: 'one', output: '1' },
      { input: 'two', output: '2' },
      { input: 'six', output: '6' },
    ],
    input: 'six',
    output: '6',
    keyAt: 2,
  },
  {
    examples: [
      { input: 'up', output: 'down' },
      { input: 'in', output: 'out' },
      { input: 'on', output: 'off' },
    ],
    input: 'left',
    output: 'right',
    keyAt: 3,
  },
];
const jsonl = items
  .map((item) => JSON.stringify({ examples: item.examples, input: item.input, output: item.output }))
  .join('\n');

describe('episode tasks', () => {
  it('parse from {"examples", "input", "output"} lines', () => {
    const task = parseTaskJsonl('lookup', jsonl);
    expect(task.kind).toBe('episode');
    expect(task.items[0]).toEqual({ examples: items[0]!.examples, input: 'sky', output: 'blue' });
  });

  it('name the file, line and field of a malformed episode', () => {
    const first = JSON.stringify({ examples: [{ input: 'a', output: 'b' }], input: 'a', output: 'b' });
    const line = (value: unknown) => `${first}\n${JSON.stringify(value)}`;
    expect(() => parseTaskJsonl('t', line({ examples: [], input: 'a', output: 'b' }), 'ep.jsonl')).toThrow(
      'ep.jsonl line 2: examples = [] is invalid: expected a list of at least 1 {"input", "output"} objects',
    );
    expect(() => parseTaskJsonl('t', line({ input: 'a', output: 'b' }), 'ep.jsonl')).toThrow(
      'ep.jsonl line 2: examples = undefined is invalid',
    );
    expect(() =>
      parseTaskJsonl('t', line({ examples: [{ input: 'a', output: 'b' }, 'c'], input: 'a', output: 'b' }), 'ep.jsonl'),
    ).toThrow('ep.jsonl line 2: examples[1] = "c" is invalid: expected an {"input", "output"} object');
    expect(() =>
      parseTaskJsonl(
        't',
        line({
          examples: [
            { input: 'a', output: 'b' },
            { input: 'c', output: 4 },
          ],
          input: 'a',
          output: 'b',
        }),
        'ep.jsonl',
      ),
    ).toThrow('ep.jsonl line 2: examples[1].output = 4 is invalid: expected a string');
    expect(() =>
      parseTaskJsonl('t', line({ examples: [{ input: 'a', output: 'b' }], output: 'b' }), 'ep.jsonl'),
    ).toThrow('ep.jsonl line 2: input = undefined is invalid: expected a string');
    expect(() =>
      parseTaskJsonl('t', line({ examples: [{ input: 'a', output: 'b' }], input: 'a', output: null }), 'ep.jsonl'),
    ).toThrow('ep.jsonl line 2: output = null is invalid: expected a string');
  });

  it('check every line against a kind given up front', () => {
    expect(() => parseTaskJsonl('t', '{"text": "a b c"}', 'l.jsonl', 'episode')).toThrow(
      'l.jsonl line 1: examples = undefined is invalid',
    );
    expect(() => parseTaskJsonl('t', jsonl, 'e.jsonl', 'qa')).toThrow(
      'e.jsonl line 1: question = undefined is invalid: expected a string',
    );
    expect(() => parseTaskJsonl('t', jsonl, 'e.jsonl', 'story' as never)).toThrow(
      'kind = "story" is invalid: expected one of lambada, multiple-choice, qa, episode',
    );
    expect(parseTaskJsonl('t', jsonl, 'e.jsonl', 'episode').items).toHaveLength(4);
  });

  it("show the first K of the item's own examples in the Input/Output format, never the query", async () => {
    const model = lookupModel(tokenizer, 50_257, 1024);
    await evaluateTask(model, tokenizer, parseTaskJsonl('lookup', jsonl), { shots: [0, 2], limit: 1 });
    expect(model.prompts).toEqual([
      'Input: sky\nOutput:',
      'Input: apple\nOutput: red\nInput: sky\nOutput: blue\nInput: sky\nOutput:',
    ]);
  });

  it('score the greedy answer up to the newline by exact match, per K', async () => {
    const model = lookupModel(tokenizer, 50_257, 1024);
    const progress: EvaluationProgress[] = [];
    const result = await evaluateTask(model, tokenizer, parseTaskJsonl('lookup', jsonl), {
      shots: [0, 1, 2, 3],
      endOfTextTokenId: EOT,
      onProgress: (p) => progress.push(p),
    });
    // A perfect in-context learner is right exactly when the key is among the first K examples.
    const expected = [0, 1, 2, 3].map((k) => items.filter((item) => item.keyAt < k).length / items.length);
    expect(result.runs.map((run) => run.metrics.exact_match)).toEqual(expected);
    expect(result).toMatchObject({ task: 'lookup', kind: 'episode' });
    expect(progress.filter((p) => p.shots === 1)).toEqual([1, 2, 3, 4].map((done) => ({ shots: 1, done, total: 4 })));
    expect(progress).toHaveLength(16);
  });

  it('drop the earliest examples when the prompt does not fit, keeping room for the answer', async () => {
    const full =
      'Input: apple\nOutput: red\nInput: sky\nOutput: blue\nInput: grass\nOutput: green\nInput: sky\nOutput:';
    const withoutFirst = full.slice('Input: apple\nOutput: red\n'.length);
    // Room for the prompt without its first example and 4 answer tokens, not for the whole prompt.
    const contextLength = tokenizer.encode(withoutFirst).length + 4;
    expect(tokenizer.encode(full).length + 4).toBeGreaterThan(contextLength);
    const model = lookupModel(tokenizer, 50_257, contextLength);
    const result = await evaluateTask(model, tokenizer, parseTaskJsonl('lookup', jsonl), {
      shots: [3],
      limit: 1,
      maxAnswerTokens: 4,
    });
    expect(model.prompts).toEqual([withoutFirst]);
    expect(result.runs[0]!.metrics.exact_match).toBe(1);
  });

  it('stop after the item during which the signal aborts', async () => {
    const model = lookupModel(tokenizer, 50_257, 1024);
    const controller = new AbortController();
    const done: number[] = [];
    const onProgress = (progress: EvaluationProgress) => {
      done.push(progress.done);
      if (progress.done === 2) controller.abort(new Error('interrupted'));
    };
    await expect(
      evaluateTask(model, tokenizer, parseTaskJsonl('lookup', jsonl), {
        shots: [1],
        signal: controller.signal,
        onProgress,
      }),
    ).rejects.toThrow('interrupted');
    expect(done).toEqual([1, 2]);
  });

  it('refuse K larger than an item offers', async () => {
    const model = lookupModel(tokenizer, 50_257, 1024);
    await expect(evaluateTask(model, tokenizer, parseTaskJsonl('lookup', jsonl), { shots: [4] })).rejects.toThrow(
      'shots = 4 is invalid: item 1 has only 3 examples',
    );
    await expect(evaluateTask(model, tokenizer, parseTaskJsonl('lookup', jsonl), { shots: [] })).rejects.toThrow(
      'shots = [] is invalid: expected at least one K',
    );
  });
});

describe('evaluateText', () => {
  it('is bits per byte as a zero-shot row of the results table', async () => {
    const model = new HashModel(50_257, 16);
    const text = 'It was the best of times, it was the worst of times.';
    const result = await evaluateText(model, tokenizer, 'dickens', text, EOT);
    const run = result.runs[0]!;
    expect(result.kind).toBe('bpb');
    expect(run.items).toBe(tokenizer.encode(text).length);
    const direct = await bitsPerByte(model, tokenizer, text, EOT);
    expect(run.metrics).toEqual({ bits_per_byte: direct.bitsPerByte, perplexity: direct.perplexity });
    const table = formatResultsTable([
      result,
      {
        task: 'lookup',
        kind: 'episode',
        runs: [
          { shots: 0, items: 2, metrics: { exact_match: 0.5 } },
          { shots: 8, items: 2, metrics: { exact_match: 1 } },
        ],
      },
    ]);
    expect(table.split('\n')).toEqual([
      '| Task | Metric | Zero-Shot | Few-Shot (K=8) |',
      '| --- | --- | --- | --- |',
      `| dickens | bits_per_byte | ${run.metrics.bits_per_byte!.toFixed(3)} | – |`,
      `| dickens | perplexity | ${run.metrics.perplexity!.toFixed(2)} | – |`,
      '| lookup | exact_match | 50.0 | 100.0 |',
      '',
    ]);
  });
});
