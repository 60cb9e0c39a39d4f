import { readFileSync } from 'node:fs';
import { createModelConfig } from '@fewshot/config';
import { loadHuggingFaceModel, selectBackend } from '@fewshot/model';
import { getBackend } from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { PLANNED_MINI_CONFIG, defaultModelSource, describeShape, loadDefaultModel } from './default-model.js';

describe('the default model stand-in', () => {
  it('has the shape of fewshot-mini’s recipe config, so random-weight figures are for the right model', () => {
    // The recipe is not shipped with @fewshot/mini; in the workspace it sits beside the package.
    const recipe = JSON.parse(
      readFileSync(new URL('../../../../packages/mini/recipe/model-config.json', import.meta.url), 'utf8'),
    ) as Parameters<typeof createModelConfig>[0];
    expect({ ...PLANNED_MINI_CONFIG, name: recipe.name }).toEqual(createModelConfig(recipe));
  });

  it('describes a shape in a few words', () => {
    expect(describeShape(PLANNED_MINI_CONFIG)).toBe(
      '4 layers, dModel 256, 4 heads, vocab 4096, context 256, dense/local(64)',
    );
  });
});

describe('loadDefaultModel', () => {
  // Two loads and forward passes of the bundled model on the CPU backend: seconds alone, over 20 s
  // beside the rest of the workspace's tests on two cores.
  it('loads the bundled checkpoint on the backend the suite chose, with the weights of the checkpoint', { timeout: 90_000 }, async () => {
    await selectBackend('cpu');
    const source = await defaultModelSource();
    const model = await loadDefaultModel(source);
    expect(getBackend()).toBe('cpu');
    const { model: direct } = await loadHuggingFaceModel(source.directory);
    const ids = [1, 2, 3, 4];
    const [a, b] = [model, direct].map((loaded) => {
      const { logits } = loaded.forward(ids);
      const values = logits.dataSync();
      logits.dispose();
      loaded.dispose();
      return values;
    });
    expect(a).toEqual(b);
  });
});

describe('defaultModelSource', () => {
  it('names the bundled model, and refuses a missing directory rather than benchmark random weights', async () => {
    const bundled = await defaultModelSource();
    const description = expect.stringContaining('the bundled fewshot-mini') as unknown;
    expect(bundled).toMatchObject({ trained: true, description });
    await expect(defaultModelSource('/no/such/model')).rejects.toThrow('directory /no/such/model does not exist');
  });
});
