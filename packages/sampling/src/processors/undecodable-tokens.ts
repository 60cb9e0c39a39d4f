import type { LogitsProcessor } from '../logits-processor.js';
import type { TokenDecoder } from '../token-decoder.js';

/**
 * Masks the ids a model can score but its tokenizer cannot decode: checkpoints often pad the
 * embedding past the tokenizer's vocabulary (to a multiple of 64 or 128), and a sampled padding
 * id would have no text. Only decoders that say which ids they know (`hasToken`) are checked.
 */
export class UndecodableTokensProcessor implements LogitsProcessor {
  constructor(private readonly ids: readonly number[]) {}

  /** The processor for `decoder` over a model's `vocabSize` ids, or undefined when it decodes every one. */
  static for(decoder: TokenDecoder, vocabSize: number): UndecodableTokensProcessor | undefined {
    if (decoder.hasToken === undefined) return undefined;
    const ids: number[] = [];
    for (let id = 0; id < vocabSize; id++) if (!decoder.hasToken(id)) ids.push(id);
    return ids.length === 0 ? undefined : new UndecodableTokensProcessor(ids);
  }

  process(logits: Float32Array): void {
    for (const id of this.ids) logits[id] = Number.NEGATIVE_INFINITY;
  }
}
