import { readFileSync } from 'node:fs';
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
    // The name, context and layers of the recipe the shipped model was trained from (RECIPE.md §4).
    const recipe = JSON.parse(readFileSync(new URL('../recipe/model-config-b.json', import.meta.url), 'utf8')) as {
      name: string;
      contextLength: number;
      attention: { type: string }[];
    };
    const layers = recipe.attention.map((layer) => layer.type);
    expect(printed[0]).toBe([recipe.name, recipe.contextLength, ...layers].join(' '));
    expect(printed[1]).toMatch(/^The house\b/);
    expect((printed[1]?.match(/[A-Za-z]+/g) ?? []).length).toBeGreaterThan(8);
  });
});
