import type { LogitsProcessor } from '../logits-processor.js';
import { maskAllExcept, prefixReachingMass } from '../partial-select.js';
import { softmax } from '../softmax.js';
import { requireNumber } from '../validate.js';

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
    maskAllExcept(logits, prefixReachingMass(logits, softmax(logits), this.topP));
  }
}
