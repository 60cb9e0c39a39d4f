import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createModelConfig } from '@fewshot/config';
import { quantizeForDecoding } from '@fewshot/kernels';
import { GptModel } from '@fewshot/model';
import { saveHuggingFaceModel, selectBackend } from '@fewshot/model/node';
import { getEncoding } from '@fewshot/tokenizer';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bundled } from '../__fixtures__/bundled-model.js';
import { runCli } from '../__fixtures__/run-cli.js';
import type { GenerateChoicesJson, GenerateJson } from './generate-output.js';

vi.mock('@fewshot/mini', () => import('../__fixtures__/bundled-model.js').then((fixture) => fixture.miniModule));

const r50k = getEncoding('r50k_base');
const END_OF_TEXT = 50256;
const CONTEXT = 32;

/**
 * The reference the CLI is checked against: the next-token logits of `ids` from one full forward
 * pass with no KV cache (the CLI decodes incrementally with a cache through @fewshot/sampling).
 */
function recomputedLogits(model: GptModel, ids: readonly number[]): Float32Array {
  const { logits } = model.forward(ids);
  const rows = logits.dataSync() as Float32Array;
  logits.dispose();
  return rows.slice((ids.length - 1) * model.vocabSize, ids.length * model.vocabSize);
}

function argmax(values: Float32Array): number {
  return values.reduce((best, value, i) => (value > (values[best] ?? -Infinity) ? i : best), 0);
}

/** Float64 log-softmax, written here rather than taken from the sampling package. */
function logSoftmax(logits: Float32Array): Float64Array {
  const max = Math.max(...logits);
  const logZ = max + Math.log(logits.reduce((sum, value) => sum + Math.exp(value - max), 0));
  return Float64Array.from(logits, (value) => value - logZ);
}

function parse(stdout: string): GenerateJson {
  return JSON.parse(stdout) as GenerateJson;
}

describe('fewshot generate', () => {
  let dir: string;
  let model: GptModel;
  const prompt = r50k.encode('The quick brown fox');
  const base = (): string[] => ['generate', '--model', dir, '--backend', 'cpu'];

  beforeAll(async () => {
    await selectBackend('cpu');
    const config = createModelConfig({
      vocabSize: 50257,
      contextLength: CONTEXT,
      dModel: 16,
      nLayer: 2,
      nHead: 2,
      attention: [{ type: 'dense' }, { type: 'local', window: 4 }],
    });
    model = GptModel.create(config, { seed: 11 });
    dir = mkdtempSync(join(tmpdir(), 'fewshot-generate-'));
    await saveHuggingFaceModel(model, dir);
  });

  afterAll(() => {
    model.dispose();
  });

  const timingsTitle =
    "--json reports llama.cpp's timings of the prefill and the decoding, with the backend and its threads";
  it(timingsTitle, async () => {
    const result = parse(
      (await runCli([...base(), '--ids', prompt.join(','), '--greedy', '--max-new-tokens', '6', '--json'])).stdout,
    );
    const { timings, usage } = result;
    expect(timings).toMatchObject({
      prompt_n: prompt.length,
      predicted_n: usage.completion_tokens,
      backend: 'cpu',
      threads: 1,
    });
    expect(timings.prompt_ms).toBeGreaterThan(0);
    expect(timings.prompt_per_second).toBeCloseTo((prompt.length * 1000) / timings.prompt_ms, 6);
    expect(timings.predicted_per_token_ms).toBeCloseTo(timings.predicted_ms / usage.completion_tokens, 6);
  });

  it('--greedy continues with the argmax of full recomputations, stopping at end of text', async () => {
    const { code, stdout } = await runCli([
      ...base(),
      '--ids',
      prompt.join(','),
      '--greedy',
      '--max-new-tokens',
      '10',
      '--json',
    ]);
    expect(code).toBe(0);
    const expected = [...prompt];
    let smallestGap = Infinity;
    for (let step = 0; step < 10; step++) {
      const logits = recomputedLogits(model, expected);
      const best = argmax(logits);
      const runnerUp = argmax(logits.map((value, i) => (i === best ? -Infinity : value)));
      smallestGap = Math.min(smallestGap, (logits[best] ?? 0) - (logits[runnerUp] ?? 0));
      expected.push(best);
      if (best === END_OF_TEXT) break;
    }
    // The comparison only means something if no step was a near tie.
    expect(smallestGap).toBeGreaterThan(1e-5);
    const result = parse(stdout);
    expect(result.ids).toEqual(expected);
    expect(result.text).toBe(r50k.decode(expected.slice(prompt.length).filter((id) => id !== END_OF_TEXT)));
    expect(result.finish_reason).toBe(expected.at(-1) === END_OF_TEXT ? 'stop' : 'length');
    expect(result.usage).toEqual({
      prompt_tokens: prompt.length,
      completion_tokens: expected.length - prompt.length,
      total_tokens: expected.length,
    });
  });

  for (const dtype of ['int8', 'float32'] as const) {
    it(`--weights ${dtype} decodes from the stored copy: greedy ids and logprobs as recomputed with it`, async () => {
      const args = [
        ...base(),
        '--ids',
        prompt.join(','),
        '--greedy',
        '--max-new-tokens',
        '6',
        '--logprobs',
        '1',
        '--json',
      ];
      const float32 = parse((await runCli(args)).stdout);
      const { code, stdout } = await runCli([...args, '--weights', dtype]);
      expect(code).toBe(0);
      const result = parse(stdout);
      const weights = await quantizeForDecoding(model, dtype, { maxRows: Infinity });
      const expected = [...prompt];
      const expectedLogprobs: number[] = [];
      for (let step = 0; step < 6 && expected.at(-1) !== END_OF_TEXT; step++) {
        const reference = logSoftmax(recomputedLogits(model, expected));
        const best = argmax(Float32Array.from(reference));
        expected.push(best);
        expectedLogprobs.push(reference[best] ?? Number.NaN);
      }
      weights.dispose();
      expect(result.ids).toEqual(expected);
      result.logprobs?.token_logprobs.forEach((logprob, i) => {
        expect(logprob).toBeCloseTo(expectedLogprobs[i] ?? Number.NaN, 4);
      });
      if (dtype === 'float32') {
        // The same weights: the same greedy ids as the weights as loaded, logprobs within float32 rounding.
        expect(result.ids).toEqual(float32.ids);
        result.logprobs?.token_logprobs.forEach((logprob, i) => {
          expect(logprob).toBeCloseTo(float32.logprobs?.token_logprobs[i] ?? Number.NaN, 4);
        });
      } else {
        // The 8-bit weights move the logprobs from float32's: the flag reached the model.
        expect(result.logprobs?.token_logprobs).not.toEqual(float32.logprobs?.token_logprobs);
      }
    });
  }

  it('--prompt: ids are the encoded prompt followed by the new ids; the text streams in deltas', async () => {
    const streamed = await runCli([...base(), '--prompt', 'The quick brown fox', '--greedy', '--max-new-tokens', '6']);
    const json = await runCli([
      ...base(),
      '--prompt',
      'The quick brown fox',
      '--greedy',
      '--max-new-tokens',
      '6',
      '--json',
    ]);
    expect([streamed.code, json.code]).toEqual([0, 0]);
    const result = parse(json.stdout);
    expect(result.ids.slice(0, prompt.length)).toEqual(prompt);
    expect(result.ids).toHaveLength(prompt.length + result.usage.completion_tokens);
    expect(result.text).toBe(r50k.decode(result.ids.slice(prompt.length)));
    expect(streamed.stdout).toBe(`${result.text}\n`);
    expect(streamed.writes.filter((text) => text !== '').length).toBeGreaterThan(1);
  });

  it('--seed: the same seed gives the same text, different seeds differ', async () => {
    const sample = async (seed: string): Promise<GenerateJson> =>
      parse(
        (await runCli([...base(), '--ids', prompt.join(','), '--seed', seed, '--max-new-tokens', '8', '--json']))
          .stdout,
      );
    const [first, again, other] = [await sample('1'), await sample('1'), await sample('2')];
    expect(again.text).toBe(first.text);
    expect(again.ids).toEqual(first.ids);
    expect(first.seed).toBe(1);
    expect(other.ids).not.toEqual(first.ids);
  });

  it('--stop ends the text before the stop string, even across a token boundary', async () => {
    const full = parse(
      (await runCli([...base(), '--ids', prompt.join(','), '--greedy', '--max-new-tokens', '8', '--json'])).stdout,
    );
    const newIds = full.ids.slice(prompt.length);
    // A stop string made of the last character of the 2nd new token and the 1st of the 3rd.
    const boundary = r50k.decode(newIds.slice(0, 2)).length;
    const stop = full.text.slice(boundary - 1, boundary + 1);
    expect(stop).toHaveLength(2);
    const { code, stdout } = await runCli([
      ...base(),
      '--ids',
      prompt.join(','),
      '--greedy',
      '--max-new-tokens',
      '8',
      '--stop',
      'no such text',
      '--stop',
      stop,
      '--json',
    ]);
    expect(code).toBe(0);
    const stopped = parse(stdout);
    expect(stopped.text).toBe(full.text.slice(0, full.text.indexOf(stop)));
    expect(stopped.finish_reason).toBe('stop');
    // The ids hold the tokens up to the one that completed the stop string.
    const completing = newIds.findIndex((_, i) => r50k.decode(newIds.slice(0, i + 1)).includes(stop));
    expect(stopped.ids).toEqual(full.ids.slice(0, prompt.length + completing + 1));
  });

  it('--n 2 gives two choices, each the prompt followed by its own new ids', async () => {
    const { code, stdout } = await runCli([
      ...base(),
      '--ids',
      prompt.join(','),
      '--n',
      '2',
      '--seed',
      '5',
      '--max-new-tokens',
      '5',
      '--json',
    ]);
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as GenerateChoicesJson;
    expect(result.choices.map((choice) => choice.index)).toEqual([0, 1]);
    for (const choice of result.choices) {
      expect(choice.ids.slice(0, prompt.length)).toEqual(prompt);
      expect(choice.text).toBe(r50k.decode(choice.ids.slice(prompt.length).filter((id) => id !== END_OF_TEXT)));
    }
    expect(result.choices[0]?.ids).not.toEqual(result.choices[1]?.ids);
    expect(result.usage.completion_tokens).toBe(
      result.choices.reduce((sum, choice) => sum + choice.ids.length - prompt.length, 0),
    );

    const streamed = await runCli([
      ...base(),
      '--ids',
      prompt.join(','),
      '--n',
      '2',
      '--seed',
      '5',
      '--max-new-tokens',
      '5',
    ]);
    expect(streamed.stdout).toBe(
      result.choices.map((choice, i) => `--- completion ${i + 1} ---\n${choice.text}\n`).join(''),
    );
  });

  it('--logprobs N: each token logprob and the top N match the log-softmax of a recomputation', async () => {
    const { code, stdout } = await runCli([
      ...base(),
      '--ids',
      prompt.join(','),
      '--seed',
      '3',
      '--temperature',
      '0.8',
      '--max-new-tokens',
      '5',
      '--logprobs',
      '3',
      '--json',
    ]);
    expect(code).toBe(0);
    const result = parse(stdout);
    const logprobs = result.logprobs;
    if (logprobs === undefined) throw new Error('--logprobs gave no logprobs');
    const newIds = result.ids.slice(prompt.length);
    expect(logprobs.token_ids).toEqual(newIds);
    expect(logprobs.tokens).toEqual(newIds.map((id) => r50k.decode([id])));
    newIds.forEach((id, i) => {
      const reference = logSoftmax(recomputedLogits(model, result.ids.slice(0, prompt.length + i)));
      expect(logprobs.token_logprobs[i]).toBeCloseTo(reference[id] ?? Number.NaN, 4);
      const top = [...reference.keys()].sort((a, b) => (reference[b] ?? 0) - (reference[a] ?? 0)).slice(0, 3);
      expect(logprobs.top_logprobs[i]?.map((entry) => entry.id)).toEqual(top);
      logprobs.top_logprobs[i]?.forEach((entry) => {
        expect(entry.logprob).toBeCloseTo(reference[entry.id] ?? Number.NaN, 4);
      });
    });

    const table = await runCli([
      ...base(),
      '--ids',
      prompt.join(','),
      '--seed',
      '3',
      '--temperature',
      '0.8',
      '--max-new-tokens',
      '5',
      '--logprobs',
      '3',
    ]);
    expect(table.stdout.startsWith(`${result.text}\n`)).toBe(true);
    expect(table.stdout.slice(result.text.length + 1).split('\n')[0]).toMatch(/^position +id +token +logprob +top$/);
    expect(table.stdout).toContain((logprobs.token_logprobs[0] ?? 0).toFixed(4));
  });

  const endOfTextTitle =
    "the checkpoint's end of text ends a completion; --min-new-tokens, " +
    '--logit-bias and --no-repeat-ngram reach the sampler';
  it(endOfTextTitle, async () => {
    const greedy = [...base(), '--ids', prompt.join(','), '--greedy', '--max-new-tokens', '12', '--json'];
    // A bias of 100 makes <|endoftext|> the argmax at every step.
    const ended = parse((await runCli([...greedy, '--logit-bias', `${END_OF_TEXT}:100`])).stdout);
    expect(ended).toMatchObject({ ids: [...prompt, END_OF_TEXT], text: '', finish_reason: 'stop' });
    const delayed = parse(
      (await runCli([...greedy, '--logit-bias', `${END_OF_TEXT}:100`, '--min-new-tokens', '3'])).stdout,
    );
    expect(delayed.ids).toHaveLength(prompt.length + 4);
    expect(delayed.ids.at(-1)).toBe(END_OF_TEXT);
    expect(delayed.text).toBe(r50k.decode(delayed.ids.slice(prompt.length, -1)));

    // This random model repeats itself when greedy; with no repeated 1-grams every id is new.
    const repeating = parse((await runCli(greedy)).stdout);
    expect(new Set(repeating.ids).size).toBeLessThan(repeating.ids.length);
    const fresh = parse((await runCli([...greedy, '--no-repeat-ngram', '1'])).stdout);
    expect(new Set(fresh.ids).size).toBe(fresh.ids.length);
  });

  it('--beams ranks beams by score; --truncate left keeps the newest prompt tokens', async () => {
    const beams = JSON.parse(
      (
        await runCli([
          ...base(),
          '--ids',
          prompt.join(','),
          '--beams',
          '3',
          '--n',
          '2',
          '--max-new-tokens',
          '4',
          '--json',
        ])
      ).stdout,
    ) as GenerateChoicesJson;
    expect(beams.choices).toHaveLength(2);
    expect(beams.choices[0]?.score).toBeGreaterThanOrEqual(beams.choices[1]?.score ?? Infinity);

    const long = Array.from({ length: 40 }, (_, i) => 100 + i);
    const truncated = parse(
      (
        await runCli([
          ...base(),
          '--ids',
          long.join(','),
          '--truncate',
          'left',
          '--greedy',
          '--max-new-tokens',
          '4',
          '--json',
        ])
      ).stdout,
    );
    expect(truncated.truncated_prompt_tokens).toBe(40 - (CONTEXT - 4));
    expect(truncated.ids.slice(0, CONTEXT - 4)).toEqual(long.slice(-(CONTEXT - 4)));
    expect(truncated.ids).toHaveLength(CONTEXT);
  });

  it('an abort (Ctrl-C) stops the generation cleanly with what was generated and exit code 130', async () => {
    const interrupt = new AbortController();
    const { code, stdout, stderr } = await runCli(
      [...base(), '--ids', prompt.join(','), '--seed', '1', '--max-new-tokens', '25'],
      {
        signal: interrupt.signal,
        // Aborted from a timer, as a SIGINT handler runs: the generation must give the event loop a turn to hear it.
        stdout: (text) => {
          if (text !== '')
            setTimeout(() => {
              interrupt.abort();
            }, 0);
        },
      },
    );
    expect(code).toBe(130);
    expect(stderr).toBe('fewshot: generation interrupted\n');
    const full = parse(
      (await runCli([...base(), '--ids', prompt.join(','), '--seed', '1', '--max-new-tokens', '25', '--json'])).stdout,
    );
    // The first delta got out, then the generation stopped well short of its budget.
    expect(full.text.startsWith(stdout.trimEnd())).toBe(true);
    expect(stdout.length).toBeLessThan(full.text.length);
  });

  it('explains every mistake in one line on stderr with exit code 2', async () => {
    const ids = ['--ids', prompt.join(',')];
    const cases: [string[], string][] = [
      [[], 'give exactly one of --prompt and --ids'],
      [['--prompt', 'a', ...ids], 'give exactly one of --prompt and --ids'],
      [['--prompt', ''], '--prompt is empty'],
      [['--ids', '1,x'], '--ids 1,x: item 1 ("x") is not a token id'],
      [['--ids', '1,50257'], "--ids: token 1 is id 50257; the model's vocabulary has ids 0..50256"],
      [
        ['--ids', Array.from({ length: CONTEXT }, () => '1').join(',')],
        `--ids: gives ${CONTEXT} tokens; the model's context holds ` +
          `${CONTEXT}, so a prompt may have at most ${CONTEXT - 1}`,
      ],
      [[...ids, '--top-p', '0'], '--top-p 0 is invalid: expected a number in (0, 1]'],
      [[...ids, '--temperature=-1'], '--temperature -1 is invalid: expected a finite number >= 0'],
      [[...ids, '--temperature', 'hot'], '--temperature "hot" is invalid: expected a number'],
      [[...ids, '--greedy', '--temperature', '0.5'], 'give --greedy or --temperature, not both'],
      [[...ids, '--max-new-tokens', '0'], '--max-new-tokens 0 is invalid: expected an integer >= 1'],
      [[...ids, '--top-k', '2.5'], '--top-k 2.5 is invalid: expected an integer >= 0'],
      [[...ids, '--presence-penalty', '3'], '--presence-penalty 3 is invalid: expected a number in [-2, 2]'],
      [[...ids, '--n', '2', '--best-of', '1'], '--best-of 1 is invalid: expected an integer in 2..128'],
      [[...ids, '--beams', '2', '--n', '3'], '--n 3 is invalid: expected at most numBeams = 2'],
      [[...ids, '--logprobs', '21'], '--logprobs 21 is invalid: expected an integer in 0..20'],
      [[...ids, '--truncate', 'right'], '--truncate "right" is invalid: expected one of "error", "left"'],
      [[...ids, '--stop', ''], '--stop "" is invalid: expected a non-empty string'],
      [[...ids, '--logit-bias', '5'], '--logit-bias "5" is invalid: expected TOKEN_ID:BIAS'],
      [[...ids, '--logit-bias', '5:200'], '--logit-bias 200 is invalid: expected a number in [-100, 100]'],
      [[...ids, '--logit-bias', '60000:1'], '--logit-bias 60000 is invalid: expected an integer in 0..50256'],
      [[...ids, '--backend', 'gpu'], '--backend gpu: expected one of tensorflow, wasm, cpu'],
      [[...ids, '--frequency-penalty', '-1'], "Option '--frequency-penalty' argument is ambiguous. Did you forget"],
      [[...ids, '--colour'], "Unknown option '--colour'"],
    ];
    for (const [args, message] of cases) {
      const { code, stdout, stderr } = await runCli(['generate', '--model', dir, '--backend', 'cpu', ...args]);
      expect({ args, code, stdout }).toEqual({ args, code: 2, stdout: '' });
      expect(stderr.split('\n')[0]).toContain(message);
      // Only a missing prompt also prints the usage.
      if (!message.startsWith('give exactly one'))
        expect({ args, stderr }).toEqual({ args, stderr: `${stderr.split('\n')[0] ?? ''}\n` });
    }
  });

  it('reports a directory that is not a checkpoint in one line with exit code 1', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'fewshot-generate-empty-'));
    const missing = await runCli(['generate', '--model', empty, '--ids', '1,2', '--backend', 'cpu']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^fewshot: .*config\.json.*\n$/);

    const broken = mkdtempSync(join(tmpdir(), 'fewshot-generate-broken-'));
    writeFileSync(
      join(broken, 'config.json'),
      '{"model_type": "gpt2", "n_embd": 16, "n_layer": 1, "n_head": 2, "vocab_size": 10, "n_positions": 8}',
    );
    writeFileSync(join(broken, 'model.safetensors'), 'truncated');
    const truncated = await runCli(['generate', '--model', broken, '--ids', '1,2', '--backend', 'cpu']);
    expect(truncated.code).toBe(1);
    expect(truncated.stderr).toMatch(/^fewshot: .*model\.safetensors.*\n$/);
  });

  it('without --model, generate and score use the bundled model', async () => {
    bundled.directory = dir;
    const args = ['--ids', prompt.join(','), '--seed', '4', '--max-new-tokens', '5', '--json', '--backend', 'cpu'];
    const bundledRun = await runCli(['generate', ...args]);
    const explicit = await runCli(['generate', '--model', dir, ...args]);
    expect(bundledRun.code).toBe(0);
    // The same output but for the timings, which no two runs share.
    const withoutTimings = (stdout: string): unknown => ({ ...parse(stdout), timings: undefined });
    expect(withoutTimings(bundledRun.stdout)).toEqual(withoutTimings(explicit.stdout));
    const score = await runCli(['score', '--ids', prompt.join(','), '--json', '--backend', 'cpu']);
    expect(score.stdout).toBe(
      (await runCli(['score', '--model', dir, '--ids', prompt.join(','), '--json', '--backend', 'cpu'])).stdout,
    );
  });
});
