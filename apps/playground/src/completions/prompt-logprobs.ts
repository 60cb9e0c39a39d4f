import type { GptModel } from '@fewshot/model';
import { type TokenDecoder, type TokenLogprob, tokenText } from '@fewshot/sampling';
import * as tf from '@tensorflow/tfjs-core';

/** A prompt token scored by the model, for `echo` with `logprobs`. The first token has no score. */
export interface ScoredPromptToken {
  readonly id: number;
  readonly text: string;
  readonly logprob: number | null;
  readonly topLogprobs: readonly TokenLogprob[] | null;
}

/** Positions per forward pass: bounds the logits tensor to CHUNK × vocabulary floats. */
const CHUNK = 128;

/**
 * log P(ids[t] | ids[0..t−1]) and the `top` most likely tokens at every prompt position, from the
 * model's raw distribution (as OpenAI's echo logprobs). The prompt runs in chunks through a KV
 * cache so a long prompt never materialises `[length, vocabulary]` logits at once.
 */
export async function scorePromptTokens(
  model: GptModel,
  decoder: TokenDecoder,
  ids: readonly number[],
  top: number,
): Promise<ScoredPromptToken[]> {
  const scored: ScoredPromptToken[] = [
    { id: ids[0] ?? 0, text: tokenText(decoder, ids[0] ?? 0), logprob: null, topLogprobs: null },
  ];
  if (ids.length < 2) return scored;
  const cache = model.createCache();
  try {
    // The last token predicts nothing in the prompt, so it need not run.
    for (let start = 0; start < ids.length - 1; start += CHUNK) {
      const chunk = ids.slice(start, Math.min(start + CHUNK, ids.length - 1));
      const targets = ids.slice(start + 1, start + 1 + chunk.length);
      const { logits } = model.forward(chunk, cache);
      const [chosen, topValues, topIds] = tf.tidy((): [tf.Tensor1D, tf.Tensor2D, tf.Tensor2D] => {
        const logprobs = tf.logSoftmax(logits);
        const picked = tf.sum<tf.Tensor1D>(
          tf.mul(logprobs, tf.oneHot(tf.tensor1d(targets, 'int32'), model.vocabSize)),
          1,
        );
        const best = tf.topk(logprobs, Math.max(top, 1));
        return [picked, best.values, best.indices];
      });
      logits.dispose();
      const [chosenRows, valueRows, idRows] = await Promise.all([chosen.array(), topValues.array(), topIds.array()]);
      tf.dispose([chosen, topValues, topIds]);
      targets.forEach((id, row) => {
        const topLogprobs =
          top === 0
            ? []
            : (idRows[row] ?? []).map((alternative, k) => ({
                id: alternative,
                text: tokenText(decoder, alternative),
                logprob: valueRows[row]?.[k] ?? -Infinity,
              }));
        scored.push({ id, text: tokenText(decoder, id), logprob: chosenRows[row] ?? -Infinity, topLogprobs });
      });
    }
  } finally {
    cache.dispose();
  }
  return scored;
}
