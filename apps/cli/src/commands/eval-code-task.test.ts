import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createModelConfig } from '@fewshot/config';
import { BUNDLED_TASKS } from '@fewshot/data';
import { GptModel } from '@fewshot/model';
import { saveHuggingFaceModel, selectBackend } from '@fewshot/model/node';
import { evaluateTask, formatPaperTable, parseTaskJsonl } from '@fewshot/prompting';
import { createSandboxExecutor } from '@fewshot/prompting/node';
import { getEncoding } from '@fewshot/tokenizer';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../__fixtures__/run-cli.js';
import type { EvalJson } from './eval.js';

vi.mock('@fewshot/mini', () => import('../__fixtures__/bundled-model.js').then((fixture) => fixture.miniModule));

describe('fewshot eval on a code task', () => {
  let dir: string;
  let model: GptModel;

  beforeAll(async () => {
    await selectBackend('cpu');
    const config = createModelConfig({
      vocabSize: 50257,
      contextLength: 256,
      dModel: 16,
      nLayer: 2,
      nHead: 2,
      attention: [{ type: 'dense' }, { type: 'dense' }],
    });
    model = GptModel.create(config, { seed: 8 });
    dir = mkdtempSync(join(tmpdir(), 'fewshot-eval-code-task-'));
    await saveHuggingFaceModel(model, dir);
  });

  afterAll(() => {
    model.dispose();
  });

  it('generates, executes and reports pass@1 as the library does; --layout paper prints the paper layout', async () => {
    const args = [
      'eval',
      '--model',
      dir,
      '--backend',
      'cpu',
      '--task',
      'humaneval-js',
      '--shots',
      '0,1',
      '--limit',
      '2',
      '--code-temperature',
      '0',
    ];
    const json = await runCli([...args, '--json']);
    expect(json.code, json.stderr).toBe(0);
    const { results } = JSON.parse(json.stdout) as EvalJson;
    const file = BUNDLED_TASKS['humaneval-js']!.file;
    const expected = await evaluateTask(
      model,
      getEncoding('r50k_base'),
      parseTaskJsonl('humaneval-js', readFileSync(file, 'utf8'), file),
      {
        shots: [0, 1],
        limit: 2,
        seed: 1234,
        endOfTextTokenId: 50256,
        executor: createSandboxExecutor(),
        codeTemperature: 0,
      },
    );
    expect(results).toEqual([expected]);
    expect(Object.keys(expected.runs[0]!.metrics)).toEqual(['pass@1']);
    const paper = await runCli([...args, '--layout', 'paper']);
    expect(paper.stdout).toBe(formatPaperTable([expected]));
    expect(paper.stdout.split('\n')[0]).toBe('| Task | Zero-Shot | One-Shot | Few-Shot |');
  }, 120_000);

  it('refuses an unknown layout', async () => {
    const run = await runCli(['eval', '--task', 'humaneval-js', '--layout', 'wide']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--layout wide: expected metrics or paper');
  });
});
