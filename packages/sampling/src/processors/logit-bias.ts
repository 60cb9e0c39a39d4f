import type { LogitsProcessor } from '../logits-processor.js';
import { requireNumber, requireTokenId } from '../validate.js';

/**
 * OpenAI's `logit_bias`: a value in [−100, 100] added to the logit of a token id before
 * sampling. Small values nudge; −100 effectively bans a token and 100 effectively forces it.
 */
export class LogitBiasProcessor implements LogitsProcessor {
  private readonly bias: readonly (readonly [number, number])[];

  /** Number of biased token ids. */
  get size(): number {
    return this.bias.length;
  }

  /** @param bias token id → bias, as a `Map` or a record keyed by the id's decimal string. */
  constructor(bias: ReadonlyMap<number, number> | Readonly<Record<string, number>>, vocabSize: number) {
    const entries = bias instanceof Map ? [...bias] : Object.entries(bias).map(([k, v]) => [Number(k), v] as const);
    this.bias = entries.map(([id, value]) => [
      requireTokenId(`logitBias key`, id, vocabSize),
      requireNumber(`logitBias[${id}]`, value, { min: -100, max: 100 }),
    ]);
  }

  process(logits: Float32Array): void {
    for (const [id, value] of this.bias) logits[id] = (logits[id] ?? 0) + value;
  }
}
