import { createModelConfig } from '@fewshot/config';
import { runReadmeExampleAsync } from '@fewshot/vitest-config/readme';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installKernels } from '@fewshot/kernels';
import { GptModel } from '@fewshot/model';
import { selectBackend } from '@fewshot/model/node';
import { describe, expect, it } from 'vitest';
import { packDocuments, resolveTrainOptions, train } from './index.js';

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
});
