import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createModelConfig } from '@fewshot/config';
import { GptModel, tokenLogProbabilities } from '@fewshot/model';
import { saveHuggingFaceModel, selectBackend } from '@fewshot/model/node';
import { getEncoding, trainBpe } from '@fewshot/tokenizer';
import { saveVocabAndMerges } from '@fewshot/tokenizer/node';
import { BUNDLED_TASKS } from '@fewshot/data';
import { evaluateTask, parseTaskJsonl } from '@fewshot/prompting';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bundled } from '../__fixtures__/bundled-model.js';
import { runCli } from '../__fixtures__/run-cli.js';
import type { EvalJson } from './eval.js';

vi.mock('@fewshot/mini', () => import('../__fixtures__/bundled-model.js').then((fixture) => fixture.miniModule));

const r50k = getEncoding('r50k_base');
const END_OF_TEXT = 50256;
// Room for the bundled LAMBADA passages (up to ~200 tokens) with one demonstration dropped.
const CONTEXT = 256;

async function writeCheckpoint(vocabSize: number, seed: number): Promise<{ dir: string; model: GptModel }> {
  const config = createModelConfig({
    vocabSize,
    contextLength: CONTEXT,
    dModel: 16,
    nLayer: 2,
    nHead: 2,
    attention: [{ type: 'dense' }, { type: 'local', window: 8 }],
  });
  const model = GptModel.create(config, { seed });
  const dir = mkdtempSync(join(tmpdir(), 'fewshot-eval-'));
  await saveHuggingFaceModel(model, dir);
  return { dir, model };
}

/** The next token's logits from a fresh cache: no state shared with the CLI's incremental decoding. */
async function argmaxAfter(model: GptModel, ids: readonly number[]): Promise<number> {
  const cache = model.createCache();
  try {
    const logits = await model.nextTokenLogits(ids, cache);
    return logits.reduce((best, value, i) => (value > logits[best]! ? i : best), 0);
  } finally {
    model.disposeCache(cache);
  }
}

/** Greedy answer the harness should get: up to 32 tokens, the end of text or the context, cut at the first newline. */
async function greedyAnswer(model: GptModel, prompt: string): Promise<string> {
  const ids = r50k.encode(prompt);
  const generated: number[] = [];
  while (generated.length < 32 && ids.length < CONTEXT) {
    const next = await argmaxAfter(model, ids);
    if (next === END_OF_TEXT) break;
    ids.push(next);
    generated.push(next);
    if (r50k.decode(generated).includes('\n')) break;
  }
  return r50k.decode(generated).split('\n')[0]!.trim();
}

function writeTask(name: string, lines: readonly unknown[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'fewshot-eval-task-')), name);
  writeFileSync(file, lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n'));
  return file;
}

describe('fewshot eval', () => {
  let r50kModel: { dir: string; model: GptModel };
  let noEndOfText: { dir: string; model: GptModel };
  const base = (): string[] => ['eval', '--model', r50kModel.dir, '--backend', 'cpu'];

  beforeAll(async () => {
    await selectBackend('cpu');
    r50kModel = await writeCheckpoint(50257, 11);
    noEndOfText = await writeCheckpoint(300, 12);
    await saveVocabAndMerges(
      noEndOfText.dir,
      trainBpe('low lower lowest newer newest wider widest '.repeat(20), { vocabSize: 300, specialTokens: ['<pad>'] }),
    );
  });

  afterAll(() => {
    r50kModel.model.dispose();
    noEndOfText.model.dispose();
  });

  it("episodes: exact match of the model's greedy answer, per K, against an independent greedy decode", async () => {
    const episodes = [
      {
        examples: [
          { input: 'apple', output: 'red' },
          { input: 'sky', output: 'blue' },
        ],
        input: 'grass',
      },
      {
        examples: [
          { input: 'cat', output: 'meow' },
          { input: 'dog', output: 'woof' },
        ],
        input: 'cow',
      },
      {
        examples: [
          { input: 'one', output: '1' },
          { input: 'two', output: '2' },
        ],
        input: 'three',
      },
    ];
    const prompt = (episode: (typeof episodes)[number], k: number) =>
      [
        ...episode.examples.slice(0, k).map((e) => `Input: ${e.input}\nOutput: ${e.output}`),
        `Input: ${episode.input}\nOutput:`,
      ].join('\n');
    // Expected outputs: the model's own 1-shot answer for the first two items (right at K=1), a
    // string it cannot produce for the last; at K=0 and K=2 an item is right when its answer
    // happens to agree with the 1-shot one.
    const oneShot = await Promise.all(episodes.map((episode) => greedyAnswer(r50kModel.model, prompt(episode, 1))));
    const outputs = [oneShot[0]!, oneShot[1]!, 'not an answer \u2603'];
    const file = writeTask(
      'lookup.jsonl',
      episodes.map((episode, i) => ({ ...episode, output: outputs[i] })),
    );
    const expected = await Promise.all(
      [0, 1, 2].map(async (k) => {
        const answers =
          k === 1
            ? oneShot
            : await Promise.all(episodes.map((episode) => greedyAnswer(r50kModel.model, prompt(episode, k))));
        return answers.filter((answer, i) => answer === outputs[i]).length / episodes.length;
      }),
    );
    expect(expected).toHaveLength(3);
    expect(expected[1]).toBeCloseTo(2 / 3);

    const { code, stdout, stderr } = await runCli([...base(), '--task', file, '--shots', '0,1,2', '--json']);
    expect(stderr).toContain('lookup K=2  3/3 items\n');
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as EvalJson;
    expect(json).toMatchObject({ model: r50kModel.dir, shots: [0, 1, 2], limit: null, seed: 1234 });
    expect(json.results[0]!.kind).toBe('episode');
    expect(json.results[0]!.runs.map((r) => r.metrics.exact_match)).toEqual(expected);
    // Greedy decodes of a 50,257-token model on the CPU backend: 52 s in CI on a 2-core AMD EPYC.
  }, 180_000);

  it('LAMBADA and bits per byte against log-probabilities of the full sequence; a paper-shaped table', async () => {
    const texts = ['The cat sat on the mat', 'She opened the door and walked out'];
    const lambada = writeTask(
      'mini-lambada.jsonl',
      texts.map((text) => ({ text })),
    );
    const prose = 'It was the best of times, it was the worst of times.';
    const textFile = writeTask('dickens.txt', [prose]);
    const { code, stdout } = await runCli([...base(), '--task', lambada, '--task', textFile, '--shots', '0', '--json']);
    expect(code).toBe(0);
    const [lambadaResult, bpbResult] = (JSON.parse(stdout) as EvalJson).results;

    let logprob = 0;
    let greedy = 0;
    for (const text of texts) {
      const ids = r50k.encode(text);
      const contextLength = r50k.encode(text.slice(0, text.lastIndexOf(' '))).length;
      const logprobs = tokenLogProbabilities(r50kModel.model, ids);
      for (let i = contextLength; i < ids.length; i++) logprob += logprobs[i - 1]!;
      let allGreedy = true;
      for (let i = contextLength; i < ids.length; i++)
        allGreedy &&= (await argmaxAfter(r50kModel.model, ids.slice(0, i))) === ids[i];
      if (allGreedy) greedy++;
    }
    expect(Math.log(lambadaResult!.runs[0]!.metrics.perplexity!)).toBeCloseTo(-logprob / texts.length, 4);
    expect(lambadaResult!.runs[0]!.metrics.acc).toBe(greedy / texts.length);

    const ids = r50k.encode(prose);
    const nll = -tokenLogProbabilities(r50kModel.model, [END_OF_TEXT, ...ids]).reduce((sum, v) => sum + v, 0);
    expect(bpbResult).toMatchObject({ task: 'dickens', kind: 'bpb' });
    expect(bpbResult!.runs[0]!.metrics.bits_per_byte).toBeCloseTo(nll / (Buffer.byteLength(prose) * Math.LN2), 4);

    const table = await runCli([...base(), '--task', lambada, '--task', textFile, '--shots', '0,1', '--limit', '1']);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n').slice(0, 3)).toEqual([
      '| Task | Metric | Zero-Shot | One-Shot |',
      '| --- | --- | --- | --- |',
      expect.stringMatching(/^\| mini-lambada \| acc \| (0\.0|100\.0) ± 0\.0 \| (0\.0|100\.0) ± 0\.0 \|$/),
    ]);
    expect(table.stdout).toMatch(/\| dickens \| bits_per_byte \| \d+\.\d{3} \| – \|\n/);
  });

  it('multiple choice and QA run through the same harness, --limit and --seed respected', async () => {
    const mc = writeTask('mc.jsonl', [
      { context: 'The sky is', choices: [' blue', ' green'], gold: 0 },
      { context: 'Grass is', choices: [' blue', ' green'], gold: 1 },
      { context: 'Snow is', choices: [' white', ' black'], gold: 0 },
    ]);
    const qa = writeTask('qa.jsonl', [
      { question: 'Capital of France?', answers: ['Paris'] },
      { question: 'Capital of Italy?', answers: ['Rome'] },
    ]);
    const first = await runCli([
      ...base(),
      '--task',
      mc,
      '--task',
      qa,
      '--shots',
      '0,1',
      '--limit',
      '2',
      '--seed',
      '7',
      '--json',
    ]);
    expect(first.code).toBe(0);
    const json = JSON.parse(first.stdout) as EvalJson;
    expect(json).toMatchObject({ limit: 2, seed: 7 });
    expect(json.results.map((r) => r.kind)).toEqual(['multiple-choice', 'qa']);
    for (const result of json.results) for (const run of result.runs) expect(run.items).toBe(2);
    expect(Object.keys(json.results[0]!.runs[0]!.metrics)).toEqual(['acc', 'acc_norm']);
    expect(Object.keys(json.results[1]!.runs[0]!.metrics)).toEqual(['exact_match', 'f1']);
    expect(
      (await runCli([...base(), '--task', mc, '--task', qa, '--shots', '0,1', '--limit', '2', '--seed', '7', '--json']))
        .stdout,
    ).toBe(first.stdout);
  });

  it('resolves the bundled tasks of @fewshot/data by name, with their kind', async () => {
    const { code, stdout, stderr } = await runCli([
      ...base(),
      '--task',
      'synthetic-word-mapping',
      '--task',
      'lambada-brown',
      '--shots',
      '0,1',
      '--limit',
      '2',
      '--json',
    ]);
    expect(stderr).toContain('lambada-brown K=1  2/2 items\n');
    expect(code).toBe(0);
    const results = (JSON.parse(stdout) as EvalJson).results;
    expect(results.map((r) => [r.task, r.kind])).toEqual([
      ['synthetic-word-mapping', 'episode'],
      ['lambada-brown', 'lambada'],
    ]);
    // The same as the harness on the file itself, with the checkpoint's end-of-text token.
    const file = BUNDLED_TASKS['synthetic-word-mapping']!.file;
    const direct = await evaluateTask(
      r50kModel.model,
      r50k,
      parseTaskJsonl('synthetic-word-mapping', readFileSync(file, 'utf8'), file),
      { shots: [0, 1], limit: 2, endOfTextTokenId: END_OF_TEXT },
    );
    expect(results[0]).toEqual(direct);
  });

  it('uses the bundled model when --model is omitted', async () => {
    bundled.directory = r50kModel.dir;
    const file = writeTask('lambada.jsonl', [{ text: 'The cat sat on the mat' }]);
    const withDefault = await runCli(['eval', '--backend', 'cpu', '--task', file, '--shots', '0', '--json']);
    expect(withDefault.code).toBe(0);
    expect((JSON.parse(withDefault.stdout) as EvalJson).model).toBe(r50kModel.dir);
  });

  it('stops at the next item when interrupted, exit code 130', async () => {
    const controller = new AbortController();
    controller.abort();
    const file = writeTask('lambada.jsonl', [{ text: 'The cat sat on the mat' }, { text: 'A dog ran in the park' }]);
    const result = await runCli([...base(), '--task', file, '--shots', '0'], { signal: controller.signal });
    expect(result).toMatchObject({ code: 130, stdout: '' });
    expect(result.stderr).toContain('fewshot: evaluation interrupted\n');
  });

  it('reports bad flags with exit code 2, naming the flag and what is allowed', async () => {
    const file = writeTask('lambada.jsonl', [{ text: 'The cat sat on the mat' }]);
    const cases: [string[], string][] = [
      [[], 'give at least one --task'],
      [
        ['--task', file, '--shots', '0,x'],
        '--shots 0,x: item 1 ("x") is not a number of demonstrations (a non-negative integer)',
      ],
      [['--task', file, '--shots', '1,1'], '--shots 1,1: K = 1 is listed twice'],
      [['--task', file, '--limit', '0'], '--limit 0: expected an integer >= 1'],
      [['--task', file, '--seed=-3'], '--seed -3: expected an integer >= 0'],
      [['--task', file, '--seed', '1.5'], '--seed 1.5: expected an integer >= 0'],
      [
        ['--task', file, '--kind', 'story'],
        '--kind story: expected one of lambada, multiple-choice, qa, episode, code, bpb',
      ],
      [
        ['--task', join(tmpdir(), 'no-such-task.jsonl')],
        `no-such-task.jsonl: neither a bundled task (${Object.keys(BUNDLED_TASKS).join(', ')}) nor a readable file`,
      ],
      [['--task', file, '--backend', 'gpu'], '--backend gpu: expected one of'],
      [['--task', file, '--temperature', '1'], "Unknown option '--temperature'"],
    ];
    for (const [flags, message] of cases) {
      const result = await runCli([...base(), ...flags]);
      expect(result.code, flags.join(' ')).toBe(2);
      expect(result.stderr).toContain(message);
    }
  });

  it('reports unusable tasks and models with exit code 1, naming the file, line and field', async () => {
    const malformed = writeTask('broken.jsonl', [
      { examples: [{ input: 'a', output: 'b' }], input: 'a', output: 'b' },
      { examples: [{ input: 'a' }], input: 'c', output: 'd' },
    ]);
    const short = writeTask('short.jsonl', [{ examples: [{ input: 'a', output: 'b' }], input: 'a', output: 'b' }]);
    const empty = writeTask('empty.txt', ['  ']);
    const text = writeTask('words.txt', ['lower newer wider']);
    const cases: [string[], string][] = [
      [
        [...base(), '--task', malformed],
        `${malformed} line 2: examples[0].output = undefined is invalid: expected a string`,
      ],
      [
        [...base(), '--task', malformed, '--kind', 'qa'],
        `${malformed} line 1: question = undefined is invalid: expected a string`,
      ],
      [
        [...base(), '--task', short, '--shots', '0,2'],
        `--task short (${short}): shots = 2 is invalid: item 1 has only 1 examples`,
      ],
      [[...base(), '--task', empty], `${empty}: empty; bits per byte needs some text`],
      [
        ['eval', '--model', noEndOfText.dir, '--backend', 'cpu', '--task', text],
        '--task words: bits per byte conditions the first token on end-of-text, and this checkpoint has none',
      ],
      [['eval', '--model', tmpdir(), '--backend', 'cpu', '--task', short, '--shots', '0'], 'config.json'],
    ];
    for (const [argv, message] of cases) {
      const result = await runCli(argv);
      expect(result.stderr).toContain(message);
      expect(result.code, argv.join(' ')).toBe(1);
    }
  });
});
