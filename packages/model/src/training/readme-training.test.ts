import { createModelConfig } from '@fewshot/config';
import { runReadmeExampleAsync } from '@fewshot/vitest-config/readme';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GptModel, packDocuments, resolveTrainOptions, selectBackend, train } from '../index.js';

describe('README Training example', () => {
  it('runs as written: the loss falls and the final checkpoint is step 40', async () => {
    const outDirectory = await mkdtemp(join(tmpdir(), 'fewshot-readme-train-'));
    const printed = await runReadmeExampleAsync(
      new URL('../../README.md', import.meta.url),
      { createModelConfig, GptModel, packDocuments, resolveTrainOptions, selectBackend, train, outDirectory },
      1,
    );
    const [, from = '', to = ''] = /^loss ([\d.]+) → ([\d.]+)$/.exec(printed[0] ?? '') ?? [];
    expect(Number(to)).toBeLessThan(Number(from) / 3);
    expect(printed[1]).toBe(`checkpoint ${join(outDirectory, 'checkpoint-00000040')}`);
    await rm(outDirectory, { recursive: true, force: true });
  });
});
