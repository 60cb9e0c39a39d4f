import type { LogitsContext, LogitsProcessor } from '../logits-processor.js';
import { requireNumber } from '../validate.js';

/**
 * Hugging Face's repetition penalty (CTRL, Keskar et al. 2019): for every distinct token already
 * in the sequence (prompt included), a positive logit is divided by `penalty` and a negative one
 * multiplied by it, so `penalty > 1` always makes a repeat less likely. `1` is a no-op.
 */
export class RepetitionPenaltyProcessor implements LogitsProcessor {
  readonly penalty: number;

  constructor(penalty: number) {
    this.penalty = requireNumber('repetitionPenalty', penalty, { min: 0, minOpen: true });
  }

  process(logits: Float32Array, { ids }: LogitsContext): void {
    for (const id of new Set(ids)) {
      const v = logits[id];
      if (v === undefined) continue;
      logits[id] = v < 0 ? v * this.penalty : v / this.penalty;
    }
  }
}
