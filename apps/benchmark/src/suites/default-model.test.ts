import { createModelConfig } from '@fewshot/config';
import { loadHuggingFaceModel, selectBackend } from '@fewshot/model/node';
import { getBackend } from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { defaultModelSource, describeShape, loadDefaultModel } from './default-model.js';

describe('describeShape', () => {
  it('says layers, width, heads, vocabulary, context and each attention pattern once, in order', () => {
    const config = createModelConfig({
      name: 'shape',
      vocabSize: 4096,
      contextLength: 512,
      dModel: 256,
      nLayer: 4,
      nHead: 8,
      attention: [{ type: 'dense' }, { type: 'local', window: 128 }, { type: 'dense' }, { type: 'local', window: 128 }],
    });
    expect(describeShape(config)).toBe('4 layers, dModel 256, 8 heads, vocab 4096, context 512, dense/local(128)');
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
