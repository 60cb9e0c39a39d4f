import type { LogitsProcessor } from '../logits-processor.js';
import { topKIndices } from '../partial-select.js';
import { requireInteger } from '../validate.js';

/**
 * Keeps the k most likely tokens. As in Hugging Face, a token tied with the k-th logit is kept
 * too, so the result does not depend on how ties are ordered. Found by partial selection.
 */
export class TopKWarper implements LogitsProcessor {
  readonly topK: number;

  constructor(topK: number) {
    this.topK = requireInteger('topK', topK, 1);
  }

  process(logits: Float32Array): void {
    const best = topKIndices(logits, this.topK);
    if (best.length < this.topK) return; // Fewer candidates than k: nothing to cut.
    const threshold = logits[best[best.length - 1] ?? 0] ?? -Infinity;
    for (let i = 0; i < logits.length; i++) if ((logits[i] ?? -Infinity) < threshold) logits[i] = -Infinity;
  }
}
