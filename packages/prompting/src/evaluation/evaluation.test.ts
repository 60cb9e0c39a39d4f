import { getEncoding } from '@fewshot/tokenizer';
import { describe, expect, it } from 'vitest';
import { HashModel } from '../__fixtures__/hash-model.js';
import { ScriptedModel } from '../__fixtures__/scripted-model.js';
import { bitsPerByte } from './bits-per-byte.js';
import { evaluateTask } from './evaluate-task.js';
import { formatResultsTable } from './results-table.js';
import { parseTaskJsonl } from './task.js';

const tokenizer = getEncoding('r50k_base');
const EOT = 50_256;

/** −log P of each id after the one before it: the HashModel is a bigram model, so this is exact. */
function bigramNll(model: HashModel, ids: readonly number[]): number {
  let nll = 0;
  for (let t = 1; t < ids.length; t++) {
    const logits = Array.from(model.logitsAfter(ids[t - 1]!));
    const max = Math.max(...logits);
    nll -= logits[ids[t]!]! - (max + Math.log(logits.reduce((sum, v) => sum + Math.exp(v - max), 0)));
  }
  return nll;
}

describe('parseTaskJsonl', () => {
  it('reads the three task formats', () => {
    expect(parseTaskJsonl('lambada', '{"text": "He went to the door and opened the door"}\n').kind).toBe('lambada');
    expect(parseTaskJsonl('mc', '{"context": "Sky is", "choices": [" blue", " red"], "gold": 0}').items).toEqual([
      { context: 'Sky is', choices: [' blue', ' red'], gold: 0 },
    ]);
    expect(parseTaskJsonl('qa', '{"question": "Capital of Italy?", "answers": ["Rome"]}').kind).toBe('qa');
  });

  it('names the file, line and field of a malformed record', () => {
    expect(() => parseTaskJsonl('t', '{"text": "a b"}\n{"text": 3}', 'lambada.jsonl')).toThrow(
      'lambada.jsonl line 2: text = 3 is invalid: expected a string',
    );
    expect(() => parseTaskJsonl('t', '{"context": "x", "choices": ["a", "b"], "gold": 2}', 'mc.jsonl')).toThrow(
      'mc.jsonl line 1: gold = 2 is invalid: expected an index in 0..1',
    );
    expect(() => parseTaskJsonl('t', '{"question": "q", "answers": []}', 'qa.jsonl')).toThrow(
      'qa.jsonl line 1: answers = [] is invalid: expected a list of at least 1 strings',
    );
    expect(() => parseTaskJsonl('t', '{"text": "a b"}\nnot json', 'x.jsonl')).toThrow(
      'x.jsonl line 2 = "not json" is invalid: not valid JSON',
    );
    expect(() => parseTaskJsonl('t', '{"prompt": "a"}', 'x.jsonl')).toThrow('expected the fields of a task');
    expect(() => parseTaskJsonl('t', '\n\n', 'x.jsonl')).toThrow('expected at least one JSON line');
  });
});

describe('evaluateTask', () => {
  const the = tokenizer.encode(' the')[0]!;

  it('LAMBADA zero-shot: acc is the greedy rate of the last word, perplexity exp(−mean log-likelihood)', async () => {
    const model = new HashModel(50_257, 1024, true, the);
    const texts = [
      'She looked at all of the',
      'They walked into town and bought bread',
      'He opened the door and saw the',
    ];
    const task = parseTaskJsonl('lambada', texts.map((text) => JSON.stringify({ text })).join('\n'));
    const result = await evaluateTask(model, tokenizer, task, { shots: [0], endOfTextTokenId: EOT });
    // Only the passages ending in " the" have their last word as the argmax (the favourite token).
    expect(result.runs[0]!.metrics.acc).toBeCloseTo(2 / 3);
    const logLikelihoods = texts.map((text) => {
      const cut = text.lastIndexOf(' ');
      const contextIds = tokenizer.encode(text.slice(0, cut));
      const all = tokenizer.encode(text);
      return -(bigramNll(model, all) - bigramNll(model, contextIds));
    });
    const expected = Math.exp(-logLikelihoods.reduce((sum, v) => sum + v, 0) / texts.length);
    expect(result.runs[0]!.metrics.perplexity).toBeCloseTo(expected, 3);
  });

  it("LAMBADA few-shot uses the paper's cloze format with other items as demonstrations", async () => {
    const model = new HashModel(50_257, 1024);
    const texts = [
      'Alice was friends with Bob and went to visit Bob',
      'The cat sat on the warm mat',
      'Rain fell on the quiet town',
    ];
    const task = parseTaskJsonl('lambada', texts.map((text) => JSON.stringify({ text })).join('\n'));
    const progress: number[] = [];
    await evaluateTask(model, tokenizer, task, { shots: [1], limit: 1, onProgress: ({ done }) => progress.push(done) });
    const prompt = tokenizer.decode(model.calls[0]!);
    expect(prompt).toMatch(
      new RegExp(
        '^(The cat sat on the warm|Rain fell on the quiet) ____\\. -> (mat|town)\n\n' +
          'Alice was friends with Bob and went to visit ____\\. ->$',
      ),
    );
    expect(progress).toEqual([1]);
  });

  it('multiple choice: acc and acc_norm over items, deterministic with the seed', async () => {
    const model = new HashModel(50_257, 1024, true, the);
    const lines = [
      { context: 'Pick one:', choices: [' the', ' a'], gold: 0 },
      { context: 'Pick another:', choices: [' the', ' an'], gold: 1 },
    ].map((item) => JSON.stringify(item));
    const task = parseTaskJsonl('mc', lines.join('\n'));
    const first = await evaluateTask(model, tokenizer, task, { shots: [0, 1], endOfTextTokenId: EOT });
    // " the" is the favourite, so it wins both items: right once, wrong once.
    expect(first.runs.map((run) => run.metrics.acc)).toEqual([0.5, 0.5]);
    expect(await evaluateTask(model, tokenizer, task, { shots: [0, 1], endOfTextTokenId: EOT })).toEqual(first);
  });

  it('question answering: greedy answers scored by exact match and F1', async () => {
    const paris = tokenizer.encode(' Paris')[0]!;
    const model = new HashModel(50_257, 1024, true, paris);
    const lines = [
      { question: 'Capital of France?', answers: ['Paris'] },
      { question: 'Capital of Italy?', answers: ['Rome', 'Roma'] },
      { question: 'City of light?', answers: ['Paris, France'] },
    ].map((item) => JSON.stringify(item));
    const result = await evaluateTask(model, tokenizer, parseTaskJsonl('qa', lines.join('\n')), {
      shots: [0, 2],
      maxAnswerTokens: 1,
    });
    for (const run of result.runs) {
      expect(run.metrics.exact_match).toBeCloseTo(1 / 3);
      // F1: 1, 0, and "paris" vs "paris france" = 2/3.
      expect(run.metrics.f1).toBeCloseTo((1 + 0 + 2 / 3) / 3);
    }
  });

  const closedBookTitle =
    'question answering without a passage: the paper’s closed-book Q: / A: prompt, TriviaQA’s normalisation';
  it(closedBookTitle, async () => {
    const model = new ScriptedModel(tokenizer, 50_257, 1024, () => ' Rock-and-roll!\nQ:');
    const lines = [
      { question: 'What did Elvis sing?', answers: ['rock and roll', 'rockabilly'] },
      { question: 'Capital of France?', answers: ['Paris'] },
    ].map((item) => JSON.stringify(item));
    const result = await evaluateTask(model, tokenizer, parseTaskJsonl('qa', lines.join('\n')), {
      shots: [1],
      limit: 1,
      maxAnswerTokens: 8,
    });
    expect(model.prompts).toEqual(['Q: Capital of France?\nA: Paris\n\nQ: What did Elvis sing?\nA:']);
    // "Rock-and-roll!" is "rock and roll" once punctuation becomes spaces (SQuAD's rule would give "rockandroll").
    expect(result.runs[0]!.metrics).toEqual({ exact_match: 1, f1: 1 });
  });

  it('formats a table shaped like the paper', async () => {
    const model = new HashModel(50_257, 1024, true, the);
    const task = parseTaskJsonl(
      'lambada',
      ['A b c the', 'D e f the', 'G h i j'].map((text) => JSON.stringify({ text })).join('\n'),
    );
    const table = formatResultsTable([await evaluateTask(model, tokenizer, task, { shots: [0, 1, 2] })]);
    const lines = table.trimEnd().split('\n');
    expect(lines[0]).toBe('| Task | Metric | Zero-Shot | One-Shot | Few-Shot (K=2) |');
    // acc 2/3 over 3 items: binomial standard error √(2/3 · 1/3 / 3) = 27.2%.
    expect(lines[2]).toMatch(/^\| lambada \| acc \| 66\.7 ± 27\.2 \| \d+\.\d ± \d+\.\d \| \d+\.\d ± \d+\.\d \|$/);
    expect(lines[3]).toMatch(/^\| lambada \| perplexity \| [\d.]+ \| [\d.]+ \| [\d.]+ \|$/);
  });
});

describe('bitsPerByte', () => {
  it('predicts every token across context windows: total NLL over bytes · ln 2', async () => {
    const model = new HashModel(50_257, 8);
    const text =
      'The quick brown fox jumps over the lazy dog. ' +
      'It was a bright cold day in April, and the clocks were striking thirteen.';
    const ids = tokenizer.encode(text);
    expect(ids.length).toBeGreaterThan(3 * 7);
    const result = await bitsPerByte(model, tokenizer, text, EOT);
    const nll = bigramNll(model, [EOT, ...ids]);
    expect(result.tokens).toBe(ids.length);
    expect(result.nll).toBeCloseTo(nll, 3);
    expect(result.bitsPerByte).toBeCloseTo(nll / (Buffer.byteLength(text) * Math.LN2), 5);
    expect(result.perplexity).toBeCloseTo(Math.exp(nll / ids.length), 3);
  });
});
