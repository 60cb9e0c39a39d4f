import { type AttentionPattern, attendedPairCount } from './attention-pattern.js';
import type { ModelConfig } from './model-config.js';
import { requireInteger } from './validate.js';

/**
 * Floating-point operations of one forward pass, counting a multiply-add as 2 FLOPs and only
 * the matrix products (LayerNorm, softmax, activations and biases are a few percent and ignored,
 * as in Kaplan et al. 2020). Averages are over the positions of one sequence of `sequenceLength`.
 */
export interface ForwardFlops {
  readonly sequenceLength: number;
  /** q/k/v, attention output and feed-forward projections, per token, all layers. */
  readonly projections: number;
  /** QKᵀ and attention-weighted V per token, from each layer's actual pattern. */
  readonly attention: number;
  /** Attention FLOPs per token of each layer. */
  readonly attentionPerLayer: readonly number[];
  /** Output projection to the vocabulary per token. */
  readonly lmHead: number;
  /** Total forward FLOPs per token. */
  readonly total: number;
}

/**
 * Attention FLOPs of one layer over a whole causal sequence: for each attended (query, key)
 * pair, a dModel-long dot product for the score and another to weight the value.
 */
export function attentionFlops(pattern: AttentionPattern, sequenceLength: number, dModel: number): number {
  return 2 * 2 * dModel * attendedPairCount(pattern, sequenceLength);
}

/** Forward FLOPs per token at `sequenceLength` (default the full context). */
export function forwardFlopsPerToken(config: ModelConfig, sequenceLength = config.contextLength): ForwardFlops {
  requireInteger('sequenceLength', sequenceLength, 1, config.contextLength);
  const { dModel: d, dFf, nLayer, vocabSize } = config;
  const projections = nLayer * 2 * (3 * d * d + d * d + 2 * d * dFf);
  const attentionPerLayer = config.attention.map(
    (pattern) => attentionFlops(pattern, sequenceLength, d) / sequenceLength,
  );
  const attention = attentionPerLayer.reduce((sum, flops) => sum + flops, 0);
  const lmHead = 2 * d * vocabSize;
  return { sequenceLength, projections, attention, attentionPerLayer, lmHead, total: projections + attention + lmHead };
}

/** Training FLOPs per token: forward plus a backward pass costing twice the forward (≈ 3×). */
export function trainingFlopsPerToken(config: ModelConfig, sequenceLength = config.contextLength): number {
  return 3 * forwardFlopsPerToken(config, sequenceLength).total;
}
