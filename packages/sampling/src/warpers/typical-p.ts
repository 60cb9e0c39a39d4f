import type { LogitsContext, LogitsProcessor } from '../logits-processor.js';
import { maskAllExcept, prefixReachingMassOf } from '../partial-select.js';
import { Scratch } from '../scratch.js';
import { logSumExpF32 } from '../softmax.js';
import { requireNumber } from '../validate.js';

const keyScratch = new Scratch((n) => new Float64Array(n));
const probScratch = new Scratch((n) => new Float64Array(n));

/**
 * Locally typical sampling (Meister et al. 2022, Hugging Face's `typical_p`): ranks tokens by
 * how close their surprisal −log p is to the distribution's entropy H, and keeps the smallest
 * set of the most typical ones whose mass reaches `typicalP` (at least one token, Hugging Face's
 * default `min_tokens_to_keep`).
 */
export class TypicalPWarper implements LogitsProcessor {
  readonly typicalP: number;

  constructor(typicalP: number) {
    this.typicalP = requireNumber('typicalP', typicalP, { min: 0, max: 1, minOpen: true });
  }

  process(logits: Float32Array, context?: LogitsContext): void {
    if (this.typicalP >= 1) return;
    const n = logits.length;
    // One pass for log p and p, one for the keys, in reused buffers: the same arithmetic as
    // log-softmax, exp, entropy and key arrays computed one after another. The normaliser comes
    // from the caller when it has it (the same `logSumExp` of the same logits).
    const logZ = context?.logZ ?? logSumExpF32(logits);
    const keys = keyScratch.take(n);
    const probs = probScratch.take(n);
    let entropy = 0;
    for (let i = 0; i < n; i++) {
      const lp = logits[i]! - logZ;
      keys[i] = lp;
      const p = lp === -Infinity ? 0 : Math.exp(lp);
      probs[i] = p;
      if (p > 0) entropy -= p * lp;
    }
    // Larger key = more typical; masked tokens keep key −∞ and are never selected.
    for (let i = 0; i < n; i++) {
      const lp = keys[i]!;
      keys[i] = lp === -Infinity ? -Infinity : -Math.abs(-lp - entropy);
    }
    maskAllExcept(logits, prefixReachingMassOf(keys, probs, n, this.typicalP));
  }
}
