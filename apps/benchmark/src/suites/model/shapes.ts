import { type ModelConfig, createModelConfig, getPreset } from '@fewshot/config';

/** Local layers' band, GPT-3's (see GPT3_LOCAL_WINDOW). */
export const LOCAL_WINDOW = 256;
/** GPT-3 Small's layers kept in quick mode. */
export const QUICK_LAYERS = 2;

/**
 * GPT-3 Small's shape (12 layers of 768, dense and local(256) alternating, GPT-2's vocabulary).
 * Quick mode keeps the width and the vocabulary but only `layers` layers: throughput ratios
 * (prefill vs matMul, cached vs recomputed) are per-layer properties, and depth only scales time.
 */
export function gpt3SmallShape(layers?: number): ModelConfig {
  const preset = getPreset('gpt3-small');
  if (layers === undefined || layers === preset.nLayer) return preset;
  return createModelConfig({
    ...preset,
    name: `gpt3-small (${layers} of ${preset.nLayer} layers)`,
    nLayer: layers,
    attention: preset.attention.slice(0, layers),
  });
}

/** GPT-3 Small's width with every layer local: decode cost must not grow with the context. */
export function localOnlyShape(layers: number): ModelConfig {
  const preset = getPreset('gpt3-small');
  return createModelConfig({
    ...preset,
    name: `gpt3-small-shape local(${LOCAL_WINDOW})-only, ${layers} layer${layers === 1 ? '' : 's'}`,
    nLayer: layers,
    attention: Array.from({ length: layers }, () => ({ type: 'local' as const, window: LOCAL_WINDOW })),
  });
}
