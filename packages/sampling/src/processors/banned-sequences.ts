import type { LogitsContext, LogitsProcessor } from '../logits-processor.js';
import { GenerationOptionError } from '../generation-error.js';
import { requireTokenId } from '../validate.js';

/**
 * Hugging Face's `bad_words_ids`: a banned sequence can never be completed. A one-token
 * sequence bans that token outright; a longer one bans its last token whenever the sequence so
 * far (prompt included) ends with all the tokens before it.
 */
export class BannedSequencesProcessor implements LogitsProcessor {
  private readonly always: readonly number[];
  private readonly sequences: readonly (readonly number[])[];

  constructor(sequences: readonly (readonly number[])[], vocabSize: number) {
    sequences.forEach((sequence, i) => {
      if (!Array.isArray(sequence) || sequence.length === 0) {
        throw new GenerationOptionError(`bannedSequences[${i}]`, sequence, 'expected a non-empty array of token ids');
      }
      sequence.forEach((id, j) => requireTokenId(`bannedSequences[${i}][${j}]`, id, vocabSize));
    });
    this.always = sequences.filter((s) => s.length === 1).map((s) => s[0] ?? 0);
    this.sequences = sequences.filter((s) => s.length > 1);
  }

  process(logits: Float32Array, { ids }: LogitsContext): void {
    for (const id of this.always) logits[id] = -Infinity;
    for (const sequence of this.sequences) {
      const prefix = sequence.length - 1;
      if (ids.length < prefix) continue;
      let matches = true;
      for (let j = 0; j < prefix && matches; j++) matches = ids[ids.length - prefix + j] === sequence[j];
      if (matches) logits[sequence[prefix] ?? 0] = -Infinity;
    }
  }
}
