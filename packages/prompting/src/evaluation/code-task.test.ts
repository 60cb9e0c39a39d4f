import { getEncoding } from '@fewshot/tokenizer';
import { describe, expect, it } from 'vitest';
import { ScriptedModel } from '../__fixtures__/scripted-model.js';
import type { CodeProblem } from '../code/code-problem.js';
import { parseCodeSamplesJsonl } from '../code/code-samples.js';
import { evaluateCodeSamples } from '../code/evaluate-code-samples.js';
import { createSandboxExecutor } from '../node/sandbox-executor.js';
import { evaluateTask } from './evaluate-task.js';
import { formatPaperTable } from './results-table.js';
import { parseTaskJsonl } from './task.js';

const tokenizer = getEncoding('r50k_base');
const check = (body: string) => `const assert = require('node:assert');\nfunction check(candidate) {\n${body}\n}`;
const records = [
  {
    task_id: 'T/0',
    prompt: 'function double(x) {\n',
    canonical_solution: '  return 2 * x;\n}\n',
    test: check('  assert.strictEqual(candidate(3), 6);'),
    entry_point: 'double',
  },
  {
    task_id: 'T/1',
    prompt: 'function negate(x) {\n',
    canonical_solution: '  return -x;\n}\n',
    test: check('  assert.strictEqual(candidate(3), -3);'),
    entry_point: 'negate',
  },
].map((record) => JSON.stringify({ ...record, language: 'javascript' }));
const task = parseTaskJsonl('js', records.join('\n'));
// Solves `double`, gets `negate` wrong; then goes on with another function, which Codex-style stop sequences cut.
const model = new ScriptedModel(
  tokenizer,
  50_257,
  1024,
  (prompt) =>
    (prompt.endsWith('function double(x) {\n') ? '  return x + x;\n}' : '  return x;\n}') +
    '\nfunction extra() {\n  return 1;\n}',
);
const executor = createSandboxExecutor({ timeoutMs: 20_000 });

describe('code tasks', () => {
  it('read HumanEval JSONL, Python when no language is given', () => {
    expect(task.kind).toBe('code');
    expect(task.items[0]).toEqual({
      taskId: 'T/0',
      prompt: 'function double(x) {\n',
      canonicalSolution: '  return 2 * x;\n}\n',
      test: check('  assert.strictEqual(candidate(3), 6);'),
      entryPoint: 'double',
      language: 'javascript',
    });
    const python = parseTaskJsonl(
      'py',
      '{"task_id": "P/0", "prompt": "def f():\\n", "test": "def check(c): pass", "entry_point": "f"}',
    );
    expect(python.items[0]).toMatchObject({ language: 'python' });
    expect(() =>
      parseTaskJsonl(
        'x',
        '{"task_id": "X", "prompt": "", "test": "", "entry_point": "f", "language": "ruby"}',
        'x.jsonl',
      ),
    ).toThrow('x.jsonl line 1: language = "ruby" is invalid: expected one of python, javascript (python when absent)');
    expect(() =>
      parseTaskJsonl('x', '{"task_id": "X", "prompt": "", "test": "", "entry_point": "f()"}', 'x.jsonl'),
    ).toThrow('x.jsonl line 1: entry_point = "f()" is invalid: expected a function name');
  });

  it('run zero- and one-shot: completions cut at stop sequences, executed, pass@1 and its standard error', async () => {
    model.prompts.length = 0;
    const result = await evaluateTask(model, tokenizer, task, { shots: [0, 1], executor, codeTemperature: 0 });
    expect(result.runs.map((run) => run.metrics)).toEqual([{ 'pass@1': 0.5 }, { 'pass@1': 0.5 }]);
    // One of two problems solved: √(0.5 · 0.5 / 2).
    expect(result.runs[0]!.standardErrors).toEqual({ 'pass@1': Math.sqrt(0.125) });
    // Zero-shot the prompt alone; one-shot the other problem solved first (prompt + canonical solution).
    expect(model.prompts).toEqual([
      'function double(x) {\n',
      'function negate(x) {\n',
      'function negate(x) {\n  return -x;\n}\n\nfunction double(x) {\n',
      'function double(x) {\n  return 2 * x;\n}\n\nfunction negate(x) {\n',
    ]);
  });

  it('draw n samples per problem and report pass@k only for k ≤ n', async () => {
    const result = await evaluateTask(model, tokenizer, task, {
      shots: [0],
      executor,
      codeSamples: 3,
      codeTemperature: 0,
    });
    expect(result.runs[0]!.metrics).toEqual({ 'pass@1': 0.5 });
    await expect(evaluateTask(model, tokenizer, task, { shots: [0] })).rejects.toThrow(
      'executor = undefined is invalid: a code task needs a CodeExecutor',
    );
    await expect(evaluateTask(model, tokenizer, task, { shots: [0], executor, codeSamples: 0 })).rejects.toThrow(
      'codeSamples = 0 is invalid: expected an integer >= 1',
    );
  });
});

describe('code samples', () => {
  it('read human-eval samples files and refuse samples of unknown problems', async () => {
    expect(parseCodeSamplesJsonl('{"task_id": "T/0", "completion": "  return 2 * x;\\n}"}\n\n')).toEqual([
      { taskId: 'T/0', completion: '  return 2 * x;\n}' },
    ]);
    expect(() => parseCodeSamplesJsonl('{"task_id": "T/0"}', 's.jsonl')).toThrow(
      's.jsonl line 1: completion = undefined is invalid: expected a string',
    );
    expect(() => parseCodeSamplesJsonl('', 's.jsonl')).toThrow(
      's.jsonl = "" is invalid: expected at least one {"task_id", "completion"} line',
    );
    const problems = task.items as readonly CodeProblem[];
    await expect(evaluateCodeSamples(problems, [{ taskId: 'T/9', completion: '' }], executor)).rejects.toThrow(
      'task_id = "T/9" is invalid: a sample names a problem',
    );
    await expect(evaluateCodeSamples([...problems, problems[0]!], [], executor)).rejects.toThrow(
      'task_id = "T/0" is invalid: expected each problem once',
    );
  });
});

describe('formatPaperTable', () => {
  it('lays out the seed’s four rows as the paper does: task (metric) × Zero-, One-, Few-Shot', () => {
    const table = formatPaperTable([
      {
        task: 'LAMBADA',
        kind: 'lambada',
        runs: [
          { shots: 0, items: 100, metrics: { acc: 0.5, perplexity: 12.345 }, standardErrors: { acc: 0.05 } },
          {
            shots: 1,
            items: 100,
            metrics: { acc: 0.25, perplexity: 20 },
            standardErrors: { acc: Math.sqrt((0.25 * 0.75) / 100) },
          },
          { shots: 8, items: 100, metrics: { acc: 0.75, perplexity: 5 } },
        ],
      },
      { task: 'TriviaQA', kind: 'qa', runs: [{ shots: 0, items: 4, metrics: { exact_match: 0.25, f1: 0.5 } }] },
      {
        task: 'Pile',
        kind: 'bpb',
        runs: [{ shots: 0, items: 1000, metrics: { bits_per_byte: 1.2345, perplexity: 30 } }],
      },
      {
        task: 'HumanEval',
        kind: 'code',
        runs: [
          { shots: 0, items: 2, metrics: { 'pass@1': 0 } },
          { shots: 16, items: 2, metrics: { 'pass@1': 0.5 } },
        ],
      },
    ]);
    expect(table.split('\n')).toEqual([
      '| Task | Zero-Shot | One-Shot | Few-Shot |',
      '| --- | --- | --- | --- |',
      '| LAMBADA (acc) | 50.0 ± 5.0 | 25.0 ± 4.3 | 75.0 (K=8) |',
      '| LAMBADA (ppl) | 12.35 | 20.00 | 5.00 (K=8) |',
      '| TriviaQA (acc) | 25.0 | – | – |',
      '| Pile (BPB) | 1.234 | – | – |',
      '| HumanEval (pass@1) | 0.0 | – | 50.0 (K=16) |',
      '',
    ]);
  });
});
