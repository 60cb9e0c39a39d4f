import type { ModelConfig } from './model-config.js';

export interface ParameterCount {
  readonly tokenEmbedding: number;
  readonly positionEmbedding: number;
  /** Attention, feed-forward and the two LayerNorms of one block. */
  readonly perLayer: number;
  readonly layers: number;
  readonly finalLayerNorm: number;
  /** 0 when the head is tied to the token embedding. */
  readonly lmHead: number;
  readonly total: number;
  /** Everything but the token and position embeddings (Kaplan et al.'s N). */
  readonly nonEmbedding: number;
}

/** Exact trainable parameter count of a model with this config. */
export function countParameters(config: ModelConfig): ParameterCount {
  const { vocabSize, contextLength, dModel: d, dFf, nLayer } = config;
  const qkv = 3 * d * d + (config.qkvBias ? 3 * d : 0);
  const attentionOutput = d * d + d;
  const feedForward = d * dFf + dFf + dFf * d + d;
  const layerNorms = 2 * 2 * d;
  const perLayer = qkv + attentionOutput + feedForward + layerNorms;
  const tokenEmbedding = vocabSize * d;
  const positionEmbedding = contextLength * d;
  // GPT-1 normalises after each block, so it has no final LayerNorm.
  const finalLayerNorm = config.layerNormPosition === 'pre' ? 2 * d : 0;
  const lmHead = config.tieEmbeddings ? 0 : vocabSize * d;
  const layers = perLayer * nLayer;
  const total = tokenEmbedding + positionEmbedding + layers + finalLayerNorm + lmHead;
  return {
    tokenEmbedding,
    positionEmbedding,
    perLayer,
    layers,
    finalLayerNorm,
    lmHead,
    total,
    nonEmbedding: total - tokenEmbedding - positionEmbedding,
  };
}

/** `124439808` → `"124M"`, `1.3e9` → `"1.3B"`. */
export function formatCount(count: number): string {
  const units: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'K'],
  ];
  for (const [size, unit] of units) {
    if (count >= size) {
      const value = count / size;
      return `${value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2)}${unit}`;
    }
  }
  return String(count);
}
