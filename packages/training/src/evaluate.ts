import * as tf from '@tensorflow/tfjs-core';
import { bitsPerByteFromNats } from '@fewshot/common';
import type { GptModel } from '@fewshot/model';
import { batchLogits } from './gradients.js';
import { languageModelLoss } from './language-model-loss.js';
import { TokenWindows } from './token-windows.js';

export interface Evaluation {
  /** Mean next-token cross-entropy, nats per token. */
  readonly loss: number;
  readonly perplexity: number;
  /** Bits per UTF-8 byte of text: the loss over every held-out token per byte of their text (`bitsPerByteFromNats`). */
  readonly bitsPerByte: number | undefined;
  readonly tokens: number;
}

export interface HeldOutData {
  readonly tokens: Int32Array;
  /** UTF-8 bytes of the text the tokens encode, for bits per byte; omit when unknown. */
  readonly bytes?: number;
}

/**
 * Loss, perplexity and bits per byte on the first `batches` × `batchSize` windows of held-out
 * tokens (in stream order, so every evaluation sees the same windows), without dropout.
 */
export function evaluate(
  model: GptModel,
  data: HeldOutData,
  options: { seqLen: number; batchSize: number; batches: number },
): Evaluation {
  const windows = new TokenWindows(data.tokens, options.seqLen, 0, false);
  const batchCount = Math.max(1, Math.min(options.batches, Math.floor(windows.windowCount / options.batchSize)));
  const rows = Math.min(options.batchSize, windows.windowCount);
  let lossSum = 0;
  for (let i = 0; i < batchCount; i++) {
    const batch = windows.next(rows);
    lossSum += tf.tidy(() => {
      const logits = batchLogits(model, batch, false);
      return (
        languageModelLoss(logits, tf.tensor2d(batch.targets, [batch.rows, batch.seqLen], 'int32')).dataSync()[0] ??
        Number.NaN
      );
    });
  }
  const loss = lossSum / batchCount;
  return {
    loss,
    perplexity: Math.exp(loss),
    // The windows' mean loss stands for every token of the text, whose bytes are known.
    bitsPerByte:
      data.bytes === undefined || data.bytes === 0
        ? undefined
        : bitsPerByteFromNats(loss * data.tokens.length, data.bytes),
    tokens: batchCount * rows * options.seqLen,
  };
}
