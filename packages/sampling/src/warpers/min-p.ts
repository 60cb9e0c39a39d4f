import type { LogitsProcessor } from '../logits-processor.js';
import { maxFinite } from '../softmax.js';
import { requireNumber } from '../validate.js';

/** Far wider than the rounding of exp and log (about 1e-16 relative), far narrower than any real gap. */
const MARGIN = 1e-9;

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
    // exp(d) < minP is decided by comparing d with log(minP), calling Math.exp (the costly part
    // over 50k logits) only within a hair of the threshold, where rounding could tip it: the
    // result is the same as testing exp(d) for every token.
    const logMinP = Math.log(this.minP);
    const below = logMinP - MARGIN;
    const above = logMinP + MARGIN;
    for (let i = 0; i < logits.length; i++) {
      const d = logits[i]! - max;
      if (d < below || (!(d > above) && Math.exp(d) < this.minP)) logits[i] = -Infinity;
    }
  }
}
