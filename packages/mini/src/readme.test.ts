import { installKernels } from '@fewshot/kernels';
import { loadHuggingFaceModel, selectBackend } from '@fewshot/model/node';
import { generate } from '@fewshot/sampling';
import { loadVocabAndMerges } from '@fewshot/tokenizer/node';
import { runReadmeExampleAsync } from '@fewshot/vitest-config/readme';
import { describe, expect, it } from 'vitest';
import { MINI_MODEL_DIRECTORY } from './index.js';

describe('README example', () => {
  it('loads the bundled model and generates from it as written', async () => {
    const printed = await runReadmeExampleAsync(new URL('../README.md', import.meta.url), {
      MINI_MODEL_DIRECTORY,
      installKernels,
      loadHuggingFaceModel,
      selectBackend,
      generate,
      loadVocabAndMerges,
    });
    expect(printed[0]).toBe('fewshot-mini 256 dense local dense local');
    expect(printed[1]).toMatch(/^The house\b/);
    expect((printed[1]?.match(/[A-Za-z]+/g) ?? []).length).toBeGreaterThan(8);
  });
});
