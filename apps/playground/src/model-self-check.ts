import type { ServedModel } from './served-model.js';

/**
 * A cheap proof that the model can generate: one forward pass of one token, whose logits must
 * all be finite. A checkpoint whose weights hold NaN or infinities loads without complaint but
 * would answer every request with garbage or an error; this finds it at start-up.
 */
export async function checkModelGenerates(served: ServedModel): Promise<void> {
  const { model } = served;
  const token = Math.min(served.eosTokenId ?? 0, model.vocabSize - 1);
  const cache = model.createCache();
  try {
    const logits = await model.nextTokenLogits([token], cache);
    const bad = logits.findIndex((value) => !Number.isFinite(value));
    if (bad >= 0) {
      throw new Error(
        `the model's self-check failed: one forward pass gave logit ${logits[bad]} for token ${bad} ` +
          '(expected finite logits; are the weights corrupt?)',
      );
    }
  } finally {
    model.disposeCache(cache);
  }
}
