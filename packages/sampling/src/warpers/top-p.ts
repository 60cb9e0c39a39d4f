import type { LogitsProcessor } from '../logits-processor.js';
import { maskAllExcept, prefixReachingMassOf } from '../partial-select.js';
import { Scratch } from '../scratch.js';
import { softmaxInto } from '../softmax.js';
import { requireNumber } from '../validate.js';

const keyScratch = new Scratch((n) => new Float64Array(n));
const probScratch = new Scratch((n) => new Float64Array(n));

/**
 * Nucleus sampling (Holtzman et al. 2019): keeps the smallest set of most likely tokens whose
 * probability mass reaches `topP`. Tokens of equal probability enter in id order. Found by
 * growing partial selections, not by sorting the vocabulary.
 */
export class TopPWarper implements LogitsProcessor {
  readonly topP: number;

  constructor(topP: number) {
    this.topP = requireNumber('topP', topP, { min: 0, max: 1, minOpen: true });
  }

  process(logits: Float32Array): void {
    if (this.topP >= 1) return;
    const n = logits.length;
    const keys = keyScratch.take(n);
    keys.set(logits);
    const probs = softmaxInto(logits, probScratch.take(n));
    maskAllExcept(logits, prefixReachingMassOf(keys, probs, n, this.topP));
  }
}
