import type { LogitsContext, LogitsProcessor } from '../logits-processor.js';
import { requireNumber } from '../validate.js';

/**
 * OpenAI's presence and frequency penalties: μ[j] − c[j]·α_frequency − [c[j] > 0]·α_presence,
 * where c[j] counts how often token j was generated so far (the prompt does not count). Both
 * coefficients are in [−2, 2]; negative values encourage repetition.
 */
export class PresenceFrequencyPenaltyProcessor implements LogitsProcessor {
  readonly presencePenalty: number;
  readonly frequencyPenalty: number;

  constructor(presencePenalty: number, frequencyPenalty: number) {
    this.presencePenalty = requireNumber('presencePenalty', presencePenalty, { min: -2, max: 2 });
    this.frequencyPenalty = requireNumber('frequencyPenalty', frequencyPenalty, { min: -2, max: 2 });
  }

  process(logits: Float32Array, { ids, promptLength }: LogitsContext): void {
    const counts = new Map<number, number>();
    for (let i = promptLength; i < ids.length; i++) {
      const id = ids[i] ?? -1;
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    for (const [id, count] of counts) {
      const v = logits[id];
      if (v === undefined) continue;
      logits[id] = v - count * this.frequencyPenalty - this.presencePenalty;
    }
  }
}
