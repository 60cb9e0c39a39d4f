import { Buffer } from 'node:buffer';
import type { GptModel } from '@fewshot/model';
import { evaluate, packDocuments } from '@fewshot/training';

/** A model's loss on held-out documents. */
export interface HeldOutLoss {
  readonly documents: number;
  /** Windows of the context length measured, and how many the documents fill. */
  readonly windows: number;
  readonly allWindows: number;
  readonly tokens: number;
  readonly natsPerToken: number;
  /** Over the documents' UTF-8 bytes (separators excluded), so comparable across tokenizers. */
  readonly bitsPerByte: number;
}

/** Windows evaluated at once: 16 of fewshot-mini's 256 tokens are 16 MiB of logits. */
const MAX_BATCH = 16;

/**
 * The loss as `packages/mini/recipe/evaluate-model.mjs` measures it: each document encoded as
 * ordinary text and followed by the end-of-text token, the stream cut into consecutive windows of
 * the context length, every full window measured (`evaluate` of @fewshot/training) — or the first
 * `maxWindows` of them — in equal batches, so the mean over batches is the mean over windows.
 * Bits per byte are the mean loss over every token of the documents' bytes: exact when every
 * window is measured, an estimate from the first ones otherwise.
 */
export function heldOutLoss(
  model: GptModel,
  tokenizer: { encodeOrdinary(text: string): number[] },
  endOfTextTokenId: number,
  documents: readonly string[],
  maxWindows = Number.POSITIVE_INFINITY,
): HeldOutLoss {
  const seqLen = model.config.contextLength;
  const tokens = packDocuments(
    documents.map((document) => tokenizer.encodeOrdinary(document)),
    endOfTextTokenId,
  );
  const bytes = documents.reduce((sum, document) => sum + Buffer.byteLength(document, 'utf8'), 0);
  // As TokenWindows cuts them: each window needs its next token as the last target.
  const allWindows = Math.floor((tokens.length - 1) / seqLen);
  const windows = Math.min(allWindows, maxWindows);
  if (!(windows >= 1))
    throw new RangeError(`${documents.length} documents fill ${windows} windows of ${seqLen} tokens`);
  let batchSize = Math.min(MAX_BATCH, windows);
  while (windows % batchSize !== 0) batchSize--;
  const measured = evaluate(model, { tokens, bytes }, { seqLen, batchSize, batches: windows / batchSize });
  return {
    documents: documents.length,
    windows,
    allWindows,
    tokens: measured.tokens,
    natsPerToken: measured.loss,
    bitsPerByte: measured.bitsPerByte ?? Number.NaN,
  };
}
