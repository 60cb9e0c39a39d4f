import { loadHuggingFaceModel, selectBackend } from '@fewshot/model/node';
import { getBackend } from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { defaultModelSource, describeShape, loadDefaultModel } from './default-model.js';

describe('describeShape', () => {
  it("describes the bundled fewshot-mini's shape in a few words", async () => {
    // packages/mini/RECIPE.md: 4 layers of 256 with 4 heads, a 4,096-token BPE, 256 positions, dense and local(64).
    const { config } = await defaultModelSource();
    expect(describeShape(config)).toBe('4 layers, dModel 256, 4 heads, vocab 4096, context 256, dense/local(64)');
  });
});

describe('loadDefaultModel', () => {
  // Two loads and forward passes of the bundled model on the CPU backend: seconds alone, over 20 s
  // beside the rest of the workspace's tests on two cores.
  it('loads the bundled checkpoint on the backend the suite chose, with the weights of the checkpoint', {
    timeout: 90_000,
  }, async () => {
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
    expect(bundled.description).toContain('the bundled fewshot-mini');
    await expect(defaultModelSource('/no/such/model')).rejects.toThrow('directory /no/such/model does not exist');
  });
});
