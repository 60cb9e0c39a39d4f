import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createModelConfig } from '@fewshot/config';
import { DECODING_DTYPES, quantizeForDecoding } from '@fewshot/kernels';
import { GptModel, tokenLogProbabilities } from '@fewshot/model';
import { saveHuggingFaceModel, selectBackend } from '@fewshot/model/node';
import { getEncoding, trainBpe } from '@fewshot/tokenizer';
import { loadVocabAndMerges, saveVocabAndMerges } from '@fewshot/tokenizer/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../__fixtures__/run-cli.js';
import type { ScoreResult } from './score.js';

/** A tiny random checkpoint in the Hugging Face GPT-2 layout, with the model that wrote it. */
async function writeCheckpoint(vocabSize: number, seed: number): Promise<{ dir: string; model: GptModel }> {
  const config = createModelConfig({
    vocabSize,
    contextLength: 32,
    dModel: 16,
    nLayer: 2,
    nHead: 2,
    attention: [{ type: 'dense' }, { type: 'local', window: 4 }],
  });
  const model = GptModel.create(config, { seed });
  const dir = mkdtempSync(join(tmpdir(), 'fewshot-score-'));
  await saveHuggingFaceModel(model, dir);
  return { dir, model };
}

function expectConsistent(result: ScoreResult, reference: Float64Array): void {
  expect(result.logprobs).toHaveLength(result.ids.length - 1);
  result.logprobs.forEach((value, i) => {
    expect(value).toBeCloseTo(reference[i] ?? Number.NaN, 5);
  });
  const total = reference.reduce((sum, value) => sum + value, 0);
  expect(result.total).toBeCloseTo(total, 4);
  expect(result.perplexity).toBeCloseTo(Math.exp(-total / reference.length), 4);
}

describe('fewshot score', () => {
  let r50k: { dir: string; model: GptModel };
  let ownTokenizer: { dir: string; model: GptModel };

  beforeAll(async () => {
    await selectBackend('cpu');
    r50k = await writeCheckpoint(50257, 3);
    ownTokenizer = await writeCheckpoint(300, 4);
    const files = trainBpe('low lower lowest newer newest wider widest '.repeat(20), { vocabSize: 300 });
    await saveVocabAndMerges(ownTokenizer.dir, files);
  });

  afterAll(() => {
    r50k.model.dispose();
    ownTokenizer.model.dispose();
  });

  it('scores ids: logprobs[i] = log P(id i+1 | ids 0..i), total and perplexity', async () => {
    const ids = [464, 2068, 7586, 21831, 18045, 625, 262];
    const { code, stdout } = await runCli([
      'score',
      '--model',
      r50k.dir,
      '--ids',
      ids.join(','),
      '--json',
      '--backend',
      'cpu',
    ]);
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as ScoreResult;
    expect(result.ids).toEqual(ids);
    expect(result.bitsPerByte).toBeUndefined();
    expectConsistent(result, tokenLogProbabilities(r50k.model, ids));
  });

  const fallbackTokenizerTitle =
    'tokenizes text with r50k_base when the checkpoint has no tokenizer files, and reports bits per byte';
  it(fallbackTokenizerTitle, async () => {
    const text = 'The quick brown fox jumps over the lazy dog.';
    const { code, stdout } = await runCli(['score', '--model', r50k.dir, '--text', text, '--json', '--backend', 'cpu']);
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as ScoreResult;
    const ids = getEncoding('r50k_base').encode(text);
    expect(result.ids).toEqual(ids);
    expectConsistent(result, tokenLogProbabilities(r50k.model, ids));
    // Every token after "The" is scored: the text's bytes less the 3 of "The".
    expect(result.bitsPerByte).toBeCloseTo(-result.total / Math.LN2 / (text.length - 3), 6);
  });

  it("uses the checkpoint's own vocab.json and merges.txt", async () => {
    const text = 'lowest newer widest';
    const { code, stdout } = await runCli([
      'score',
      '--model',
      ownTokenizer.dir,
      '--text',
      text,
      '--json',
      '--backend',
      'cpu',
    ]);
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as ScoreResult;
    const tokenizer = await loadVocabAndMerges(
      join(ownTokenizer.dir, 'vocab.json'),
      join(ownTokenizer.dir, 'merges.txt'),
    );
    expect(result.ids).toEqual(tokenizer.encode(text));
    expect(result.ids.length).toBeLessThan(text.length);
    expectConsistent(result, tokenLogProbabilities(ownTokenizer.model, result.ids));
  });

  it('prints a table with the summary', async () => {
    const { code, stdout } = await runCli(['score', '--model', r50k.dir, '--ids', '1,2,3', '--backend', 'cpu']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^position {2}id {2}logprob/);
    expect(stdout).toMatch(/total -?\d+\.\d{4} nats, perplexity \d+\.\d{3}\n$/);
  });

  it('scores with the weights --weights stores, as quantizeForDecoding of @fewshot/kernels does', async () => {
    const ids = [464, 2068, 7586, 21831, 18045, 625, 262];
    const float32 = tokenLogProbabilities(r50k.model, ids);
    for (const dtype of DECODING_DTYPES) {
      const weights = await quantizeForDecoding(r50k.model, dtype, { maxRows: Infinity });
      const expected = tokenLogProbabilities(r50k.model, ids);
      weights.dispose();
      const args = [
        'score',
        '--model',
        r50k.dir,
        '--ids',
        ids.join(','),
        '--weights',
        dtype,
        '--json',
        '--backend',
        'cpu',
      ];
      const { code, stdout } = await runCli(args);
      expect(code).toBe(0);
      const result = JSON.parse(stdout) as ScoreResult;
      expectConsistent(result, expected);
      if (dtype === 'float32') {
        // The same weights: the logprobs as loaded, within float32 rounding.
        result.logprobs.forEach((value, i) => {
          expect(value).toBeCloseTo(float32[i] ?? Number.NaN, 4);
        });
      } else {
        // Rounded weights move the logprobs: the flag reached the model.
        expect(result.logprobs).not.toEqual(Array.from(float32));
      }
    }
  });

  it('explains usage mistakes in one line with exit code 2', async () => {
    const cases: [string[], string][] = [
      [['--model', r50k.dir], 'give exactly one of --text and --ids'],
      [['--model', r50k.dir, '--ids', '1,x'], '--ids 1,x: item 1 ("x") is not a token id'],
      [['--model', r50k.dir, '--ids', '5'], '--ids: gives 1 token(s); scoring needs at least 2'],
      [
        ['--model', r50k.dir, '--ids', '1,50257'],
        "--ids: token 1 is id 50257; the model's vocabulary has ids 0..50256",
      ],
      [
        ['--model', r50k.dir, '--ids', Array.from({ length: 33 }, () => '1').join(',')],
        "gives 33 tokens; the model's context holds at most 32",
      ],
      [
        ['--model', r50k.dir, '--ids', '1,2', '--backend', 'gpu'],
        '--backend gpu: expected one of tensorflow, wasm, cpu',
      ],
      [
        ['--model', r50k.dir, '--ids', '1,2', '--weights', 'int4'],
        '--weights int4: expected one of int8, float16, float32',
      ],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await runCli(['score', ...args]);
      expect(code).toBe(2);
      expect(stderr).toContain(message);
      expect(stderr.trim().split('\n')[0]).toContain(message);
    }
  });

  it('reports a directory that is not a checkpoint in one line, without a stack trace', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'fewshot-score-empty-'));
    const missing = await runCli(['score', '--model', empty, '--ids', '1,2', '--backend', 'cpu']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^fewshot: .*config\.json.*\n$/);

    const broken = mkdtempSync(join(tmpdir(), 'fewshot-score-broken-'));
    writeFileSync(
      join(broken, 'config.json'),
      '{"model_type": "gpt2", "n_embd": 16, "n_layer": 1, "n_head": 2, "vocab_size": 10, "n_positions": 8}',
    );
    writeFileSync(join(broken, 'model.safetensors'), 'truncated');
    const truncated = await runCli(['score', '--model', broken, '--ids', '1,2', '--backend', 'cpu']);
    expect(truncated.code).toBe(1);
    expect(truncated.stderr).toMatch(/^fewshot: .*model\.safetensors.*\n$/);
  });
});
