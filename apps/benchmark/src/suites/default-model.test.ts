import { readFileSync } from 'node:fs';
import { createModelConfig } from '@fewshot/config';
import { describe, expect, it } from 'vitest';
import { PLANNED_MINI_CONFIG, describeShape } from './default-model.js';

describe('the default model stand-in', () => {
  it('has the shape of fewshot-mini’s recipe config, so random-weight figures are for the right model', () => {
    // The recipe is not shipped with @fewshot/mini; in the workspace it sits beside the package.
    const recipe = JSON.parse(readFileSync(new URL('../../../../packages/mini/recipe/model-config.json', import.meta.url), 'utf8')) as Parameters<typeof createModelConfig>[0];
    expect({ ...PLANNED_MINI_CONFIG, name: recipe.name }).toEqual(createModelConfig(recipe));
  });

  it('describes a shape in a few words', () => {
    expect(describeShape(PLANNED_MINI_CONFIG)).toBe('4 layers, dModel 256, 4 heads, vocab 4096, context 256, dense/local(64)');
  });
});
