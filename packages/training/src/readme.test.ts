import { createModelConfig } from '@fewshot/config';
import { runReadmeExampleAsync } from '@fewshot/vitest-config/readme';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installKernels } from '@fewshot/kernels';
import { GptModel } from '@fewshot/model';
import { selectBackend } from '@fewshot/model/node';
import { describe, expect, it } from 'vitest';
import { growDepth, packDocuments, resolveTrainOptions, train } from './index.js';

describe('README example', () => {
  it('runs as written: the loss falls and the final checkpoint is step 40', async () => {
    const outDirectory = await mkdtemp(join(tmpdir(), 'fewshot-readme-train-'));
    const printed = await runReadmeExampleAsync(new URL('../README.md', import.meta.url), {
      createModelConfig,
      installKernels,
      GptModel,
      selectBackend,
      packDocuments,
      resolveTrainOptions,
      train,
      outDirectory,
    });
    const [, from = '', to = ''] = /^loss ([\d.]+) → ([\d.]+)$/.exec(printed[0] ?? '') ?? [];
    expect(Number(to)).toBeLessThan(Number(from) / 3);
    expect(printed[1]).toBe(`checkpoint ${join(outDirectory, 'checkpoint-00000040')}`);
    await rm(outDirectory, { recursive: true, force: true });
  });

  it('grows a model as written: 8 layers and context 512 from 4 and 256', async () => {
    await selectBackend('cpu');
    const model = GptModel.create(
      createModelConfig({
        name: 'readme grow',
        vocabSize: 64,
        contextLength: 256,
        dModel: 16,
        nLayer: 4,
        nHead: 2,
        attention: [{ type: 'dense' }, { type: 'local', window: 8 }, { type: 'dense' }, { type: 'local', window: 8 }],
      }),
      { seed: 1 },
    );
    const printed = await runReadmeExampleAsync(new URL('../README.md', import.meta.url), { growDepth, model }, 1);
    expect(printed).toEqual(['8 512']);
    model.dispose();
  });
});
