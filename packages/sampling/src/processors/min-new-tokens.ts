import type { LogitsContext, LogitsProcessor } from '../logits-processor.js';
import { requireInteger } from '../validate.js';

/** Masks the end-of-sequence tokens until at least `minNewTokens` tokens have been generated. */
export class MinNewTokensProcessor implements LogitsProcessor {
  readonly minNewTokens: number;

  constructor(
    minNewTokens: number,
    private readonly eosTokenIds: readonly number[],
  ) {
    this.minNewTokens = requireInteger('minNewTokens', minNewTokens, 0);
  }

  process(logits: Float32Array, { ids, promptLength }: LogitsContext): void {
    if (ids.length - promptLength >= this.minNewTokens) return;
    for (const id of this.eosTokenIds) logits[id] = -Infinity;
  }
}
