import type { LogitsProcessor } from '../logits-processor.js';
import { maxFinite } from '../softmax.js';
import { requireNumber } from '../validate.js';

/**
 * Min-p sampling (Nguyen et al. 2024, Hugging Face's `min_p`): keeps the tokens whose
 * probability is at least `minP` times the most likely token's. p_i / p_max = exp(l_i − l_max),
 * so no normalisation is needed.
 */
export class MinPWarper implements LogitsProcessor {
  readonly minP: number;

  constructor(minP: number) {
    this.minP = requireNumber('minP', minP, { min: 0, max: 1 });
  }

  process(logits: Float32Array): void {
    const max = maxFinite(logits);
    for (let i = 0; i < logits.length; i++) {
      if (Math.exp((logits[i] ?? -Infinity) - max) < this.minP) logits[i] = -Infinity;
    }
  }
}
