import type { LogitsProcessor } from '../logits-processor.js';
import { maskAllExcept, prefixReachingMass } from '../partial-select.js';
import { logSoftmax } from '../softmax.js';
import { requireNumber } from '../validate.js';

/**
 * Locally typical sampling (Meister et al. 2022, Hugging Face's `typical_p`): ranks tokens by
 * how close their surprisal −log p is to the distribution's entropy H, and keeps the smallest
 * set of the most typical ones whose mass reaches `typicalP`.
 */
export class TypicalPWarper implements LogitsProcessor {
  readonly typicalP: number;

  constructor(typicalP: number) {
    this.typicalP = requireNumber('typicalP', typicalP, { min: 0, max: 1, minOpen: true });
  }

  process(logits: Float32Array): void {
    if (this.typicalP >= 1) return;
    const logProbs = logSoftmax(logits);
    const probs = logProbs.map((lp) => Math.exp(lp));
    let entropy = 0;
    for (let i = 0; i < probs.length; i++) {
      const p = probs[i] ?? 0;
      if (p > 0) entropy -= p * (logProbs[i] ?? 0);
    }
    // Larger key = more typical; masked tokens keep key −∞ and are never selected.
    const keys = logProbs.map((lp) => (lp === -Infinity ? -Infinity : -Math.abs(-lp - entropy)));
    maskAllExcept(logits, prefixReachingMass(keys, probs, this.typicalP));
  }
}
