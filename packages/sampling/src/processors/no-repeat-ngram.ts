import type { LogitsContext, LogitsProcessor } from '../logits-processor.js';
import { requireInteger } from '../validate.js';

/**
 * Hugging Face's `no_repeat_ngram_size`: no n-gram may occur twice in the sequence (prompt
 * included). The last n−1 tokens are looked up among earlier positions, and every token that
 * followed them there is banned. With n = 1 every token already present is banned.
 */
export class NoRepeatNgramProcessor implements LogitsProcessor {
  readonly size: number;

  constructor(size: number) {
    this.size = requireInteger('noRepeatNgramSize', size, 1);
  }

  process(logits: Float32Array, { ids }: LogitsContext): void {
    const prefix = this.size - 1;
    const end = ids.length - prefix;
    // Every start i of an earlier n-gram ids[i .. i + n - 1] whose first n−1 tokens equal the tail.
    for (let i = 0; i + this.size <= ids.length; i++) {
      let matches = true;
      for (let j = 0; j < prefix && matches; j++) matches = ids[i + j] === ids[end + j];
      if (matches) logits[ids[i + prefix] ?? 0] = -Infinity;
    }
  }
}
