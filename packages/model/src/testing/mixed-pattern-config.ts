import { type ModelConfig, createModelConfig } from '@fewshot/config';

/**
 * A tiny model whose five layers cover every attention pattern — dense, local, strided with and without a window,
 * fixed — without dropout: the shape the model's and the kernels' tests compare paths on.
 */
export function mixedPatternConfig(contextLength: number): ModelConfig {
  return createModelConfig({
    name: 'test-mixed-patterns',
    vocabSize: 61,
    contextLength,
    dModel: 32,
    nLayer: 5,
    nHead: 4,
    dropout: { embedding: 0, attention: 0, residual: 0 },
    attention: [
      { type: 'dense' },
      { type: 'local', window: 3 },
      { type: 'strided', stride: 3 },
      { type: 'fixed', block: 4, summary: 2 },
      { type: 'strided', stride: 4, window: 2 },
    ],
  });
}
