import { mkdtempSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createModelConfig } from '@fewshot/config';
import { GptModel } from '@fewshot/model';
import { saveHuggingFaceModel, selectBackend } from '@fewshot/model/node';
import { exportOnnx } from '@fewshot/onnx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../__fixtures__/run-cli.js';

describe('fewshot export-onnx', () => {
  let checkpoint: string;
  let model: GptModel;

  beforeAll(async () => {
    await selectBackend('cpu');
    model = GptModel.create(createModelConfig({ vocabSize: 300, contextLength: 32, dModel: 16, nLayer: 2, nHead: 2 }), {
      seed: 5,
    });
    checkpoint = mkdtempSync(join(tmpdir(), 'fewshot-export-src-'));
    await saveHuggingFaceModel(model, checkpoint);
    await writeFile(join(checkpoint, 'generation_config.json'), '{"eos_token_id": 3}\n');
  });

  afterAll(() => {
    model.dispose();
  });

  it('writes the same graph as exportOnnx of the checkpoint, the config and the companion files', async () => {
    const out = mkdtempSync(join(tmpdir(), 'fewshot-export-out-'));
    const { code, stdout, stderr } = await runCli([
      'export-onnx',
      '--model',
      checkpoint,
      '--out',
      out,
      '--backend',
      'cpu',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(join(out, 'onnx', 'decoder_model_merged.onnx'));
    expect((await readdir(out)).sort()).toEqual(['config.json', 'generation_config.json', 'onnx']);
    const library = mkdtempSync(join(tmpdir(), 'fewshot-export-lib-'));
    await exportOnnx(model, library);
    const [cli, expected] = await Promise.all(
      [out, library].map((dir) => readFile(join(dir, 'onnx', 'decoder_model_merged.onnx'))),
    );
    expect(cli?.equals(expected!)).toBe(true);
    const config = JSON.parse(await readFile(join(out, 'config.json'), 'utf8')) as Record<string, unknown>;
    expect(config).toMatchObject({ model_type: 'gpt2', n_embd: 16, n_layer: 2, n_head: 2, vocab_size: 300 });
  });

  it('--single-graph writes onnx/model.onnx', async () => {
    const out = mkdtempSync(join(tmpdir(), 'fewshot-export-single-'));
    const { code } = await runCli([
      'export-onnx',
      '--model',
      checkpoint,
      '--out',
      out,
      '--single-graph',
      '--backend',
      'cpu',
    ]);
    expect(code).toBe(0);
    expect(await readdir(join(out, 'onnx'))).toEqual(['model.onnx']);
  });

  it('needs --out (exit 2) and refuses strided layers in one line (exit 1)', async () => {
    const missing = await runCli(['export-onnx', '--model', checkpoint]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^fewshot: --out DIR is required\n/);
    const strided = GptModel.create(
      createModelConfig({
        vocabSize: 300,
        contextLength: 32,
        dModel: 16,
        nLayer: 2,
        nHead: 2,
        attention: [{ type: 'dense' }, { type: 'strided', stride: 4 }],
      }),
    );
    const stridedDir = mkdtempSync(join(tmpdir(), 'fewshot-export-strided-'));
    await saveHuggingFaceModel(strided, stridedDir);
    strided.dispose();
    const refused = await runCli([
      'export-onnx',
      '--model',
      stridedDir,
      '--out',
      join(stridedDir, 'out'),
      '--backend',
      'cpu',
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      'fewshot: attention[1] = strided(4) cannot be exported to ONNX: only dense and local layers can\n',
    );
  });
});
