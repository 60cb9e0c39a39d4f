import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadHuggingFaceModel } from '@fewshot/model/node';
import { trainBpe } from '@fewshot/tokenizer';
import { saveVocabAndMerges } from '@fewshot/tokenizer/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../__fixtures__/run-cli.js';

const WORDS = ['the', 'cat', 'sat', 'on', 'a', 'mat', 'and', 'dog', 'ran', 'to', 'red', 'ball'];

/** Documents of short sentences drawn with a fixed generator, separated as the trainer expects. */
function corpus(documents: number, seed: number): string {
  let state = seed;
  const next = (n: number): number => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
  return Array.from({ length: documents }, () =>
    Array.from(
      { length: 3 + next(4) },
      () => `${Array.from({ length: 4 + next(3) }, () => WORDS[next(WORDS.length)]).join(' ')}.`,
    ).join(' '),
  ).join('<|endoftext|>');
}

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fewshot-train-cli-'));
  const trainText = corpus(60, 1);
  writeFileSync(join(dir, 'train.txt'), trainText);
  writeFileSync(join(dir, 'valid.txt'), corpus(10, 2));
  await saveVocabAndMerges(dir, trainBpe(trainText, { vocabSize: 300 }));
  writeFileSync(
    join(dir, 'model.json'),
    JSON.stringify({
      name: 'tiny',
      vocabSize: 300,
      contextLength: 32,
      dModel: 32,
      nLayer: 2,
      nHead: 2,
      attention: [{ type: 'dense' }, { type: 'local', window: 8 }],
    }),
  );
});

describe('fewshot train', () => {
  it('trains, checkpoints as float16 and resumes to more steps', async () => {
    const out = join(dir, 'run');
    const common = [
      '--tokenizer',
      dir,
      '--train',
      join(dir, 'train.txt'),
      '--valid',
      join(dir, 'valid.txt'),
      '--out',
      out,
      '--backend',
      'wasm',
    ];
    const first = await runCli([
      'train',
      '--model',
      join(dir, 'model.json'),
      ...common,
      '--steps',
      '6',
      '--batch-size',
      '2',
      '--seq-len',
      '16',
      '--checkpoint-every',
      '3',
      '--eval-every',
      '3',
      '--dtype',
      'float16',
      '--lr',
      '3e-3',
      '--warmup',
      '2',
    ]);
    expect(first.stderr).toContain('eval step 3');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/trained to step 6\/6: loss \d/);
    const header = readFileSync(join(out, 'latest', 'model.safetensors'))
      .subarray(8, 200)
      .toString();
    expect(header).toContain('"dtype":"F16"');
    const { model, tokenizerFiles } = await loadHuggingFaceModel(join(out, 'latest'));
    expect(model.config.vocabSize).toBe(300);
    expect(tokenizerFiles['vocab.json']).toBeDefined();
    model.dispose();

    const again = await runCli(['train', '--model', join(dir, 'model.json'), ...common, '--steps', '6']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already holds .*checkpoint-00000006; pass --resume/);

    // Resumed with the checkpoint's own tokenizer files: two more checkpoints (9, 12) replace the one they came from.
    const resumed = await runCli(['train', '--out', out, '--resume', '--steps', '12']);
    expect(resumed.stderr).toContain('resuming at step 6');
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain('checkpoint step 9');
    expect(resumed.stdout).toMatch(/trained to step 12\/12/);
    const loaded = await loadHuggingFaceModel(join(out, 'latest'));
    expect(loaded.tokenizerFiles['merges.txt']).toBeDefined();
    loaded.model.dispose();
    const csv = readFileSync(join(out, 'loss-curve.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(1 + 12);
    expect(csv[3]).toMatch(/^3,[\d.]+,[\d.]+,/);
  });

  it('trains on --workers 2, stopping and resuming, to the curve of one worker accumulating the same', async () => {
    const args = (out: string): string[] => [
      '--tokenizer',
      dir,
      '--train',
      join(dir, 'train.txt'),
      '--valid',
      join(dir, 'valid.txt'),
      '--out',
      join(dir, out),
      '--backend',
      'wasm',
      '--steps',
      '4',
      '--batch-size',
      '2',
      '--accumulate',
      '2',
      '--seq-len',
      '16',
      '--eval-every',
      '2',
      // Not 0: tfjs draws an initializer seeded 0 from Math.random, so the token embedding would differ per run.
      '--seed',
      '1',
    ];
    const one = await runCli(['train', '--model', join(dir, 'model.json'), ...args('one-worker')]);
    expect(one.code).toBe(0);
    const twoWorkers = [...args('two-workers'), '--workers', '2', '--stop-at-step', '2'];
    const stopped = await runCli(['train', '--model', join(dir, 'model.json'), ...twoWorkers]);
    expect(stopped.stderr).toContain('on wasm × 2 workers');
    expect(stopped.stdout).toMatch(/trained to step 2\/4 \(stopped by stop-at-step\)/);
    // The worker count is saved with the other options: the resumed run has two workers again.
    const resumed = await runCli(['train', '--out', join(dir, 'two-workers'), '--resume', '--backend', 'wasm']);
    expect(resumed.stderr).toContain('on wasm × 2 workers');
    expect(resumed.stdout).toMatch(/trained to step 4\/4: loss [\d.]+, valid loss [\d.]+/);
    // Every column but the seconds: losses, validation, learning rate, gradient norm, tokens.
    const curve = (out: string): string[][] => {
      const lines = readFileSync(join(dir, out, 'loss-curve.csv'), 'utf8')
        .trim()
        .split('\n');
      return lines.map((line) => line.split(',').slice(0, 8));
    };
    expect(curve('two-workers')).toEqual(curve('one-worker'));
    expect(curve('one-worker')).toHaveLength(5);
  });

  it('names the flag, the value and what is allowed', async () => {
    const base = [
      'train',
      '--model',
      join(dir, 'model.json'),
      '--tokenizer',
      dir,
      '--train',
      join(dir, 'train.txt'),
      '--out',
      join(dir, 'bad'),
    ];
    expect((await runCli([...base, '--steps', '0'])).stderr).toContain(
      '--steps = 0 is invalid: expected an integer >= 1',
    );
    expect((await runCli([...base, '--dtype', 'bf16'])).stderr).toContain(
      '--dtype = "bf16" is invalid: expected one of "float32", "float16"',
    );
    expect((await runCli([...base, '--seq-len', '64'])).stderr).toContain(
      '--seq-len = 64 is invalid: expected an integer in 1..32',
    );
    expect((await runCli([...base, '--lr', 'fast'])).stderr).toContain('--lr "fast" is invalid: expected a number');
    const workers = await runCli([...base, '--workers', '2']);
    expect(workers.stderr).toContain('--workers = 2 is invalid: expected a divisor of accumulate (1)');
    writeFileSync(join(dir, 'run.json'), JSON.stringify({ steps: 5, learningRat: 1 }));
    expect((await runCli([...base, '--config', join(dir, 'run.json')])).stderr).toMatch(
      /run\.json: learningRat is not a known field/,
    );
  });

  it('reads every option from --config (paths relative to the file), flags overriding it', async () => {
    writeFileSync(
      join(dir, 'config-run.json'),
      JSON.stringify({
        model: 'model.json',
        tokenizer: '.',
        train: 'train.txt',
        valid: 'valid.txt',
        out: 'from-config',
        steps: 9,
        batchSize: 2,
        seqLen: 8,
        evalEvery: 0,
        checkpointEvery: 0,
        backend: 'wasm',
      }),
    );
    const result = await runCli(['train', '--config', join(dir, 'config-run.json'), '--steps', '3']);
    expect(result.stderr).toContain('16 tokens/step');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/trained to step 3\/3: loss [\d.]+, valid loss [\d.]+/);
    expect(
      readFileSync(join(dir, 'from-config', 'loss-curve.csv'), 'utf8')
        .trim()
        .split('\n'),
    ).toHaveLength(4);
  });

  // tfjs-node loads only where its addon was built (packages/model/scripts/build-tfjs-node.sh).
  it('trains on --backend tensorflow where it loads, else exits 1 with one line', async () => {
    const native = await import('@fewshot/model/node')
      .then(({ selectBackend }) => selectBackend('tensorflow'))
      .then(
        () => true,
        () => false,
      );
    const args = [
      '--tokenizer',
      dir,
      '--train',
      join(dir, 'train.txt'),
      '--out',
      join(dir, 'native'),
      '--backend',
      'tensorflow',
    ];
    const result = await runCli([
      'train',
      '--model',
      join(dir, 'model.json'),
      ...args,
      '--steps',
      '2',
      '--batch-size',
      '2',
      '--seq-len',
      '16',
    ]);
    if (native) {
      expect(result.code).toBe(0);
      return;
    }
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^fewshot: --backend: backend "tensorflow" needs @tensorflow\/tfjs-node-gpu or @tensorflow\/tfjs-node/,
    );
  });
});
