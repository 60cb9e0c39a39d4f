import type { GptModel, TokenIds } from '@fewshot/model';
import { quantizeForDecoding } from './quantize-for-decoding.js';
import type { DecodingDtype } from './weight-layout.js';

/** How far stored weights move log p(next token) from float32 over a sequence, in nats. */
export interface LogProbabilityShift {
  /** |mean Δ log p|: the log of the perplexity ratio. */
  readonly meanShift: number;
  /** Mean |Δ log p| per token. */
  readonly meanAbsolute: number;
  /** Largest |Δ log p| of a token. */
  readonly max: number;
}

/**
 * What each storage is held to against float32 (the tests hold the bundled model and GPT-2
 * small's shape to it). Stored float32 weights give the products of float32 matMul summed in
 * another order, so only float32 rounding separates them: mean |Δ| ≤ 1e-5, largest ≤ 1e-4.
 * Float16 rounds each weight by at most 2^-11 of itself, the rounding every published F16
 * checkpoint carries: mean |Δ| ≤ 1e-3, largest ≤ 1e-2. Int8 with one scale per
 * output channel is held to the bar 8-bit weight-only quantisation is expected to meet:
 * perplexity within 1% (|mean Δ| ≤ 0.01), each token's probability changed by about 5% on
 * average (mean |Δ| ≤ 0.05) and by less than a factor e^0.5 at worst (largest |Δ| ≤ 0.5).
 */
export const DECODING_TOLERANCES: Readonly<Record<DecodingDtype, LogProbabilityShift>> = {
  float32: { meanShift: 1e-5, meanAbsolute: 1e-5, max: 1e-4 },
  float16: { meanShift: 1e-3, meanAbsolute: 1e-3, max: 1e-2 },
  int8: { meanShift: 0.01, meanAbsolute: 0.05, max: 0.5 },
};

/**
 * log p(ids[i + 1] | ids[0..i]) for each i, decoding `ids` one step at a time through a cache:
 * the path that stored weights serve (natural log, in float64 from the float32 logits).
 */
export async function decodedLogProbabilities(model: GptModel, ids: TokenIds): Promise<Float64Array> {
  if (ids.length < 2) throw new RangeError(`ids: expected at least 2 token ids, got ${ids.length}`);
  const cache = model.createCache();
  const result = new Float64Array(ids.length - 1);
  try {
    for (let i = 0; i + 1 < ids.length; i++) {
      const logits = await model.nextTokenLogits([ids[i]!], cache);
      const largest = logits.reduce((max, value) => Math.max(max, value), -Infinity);
      const total = logits.reduce((sum, value) => sum + Math.exp(value - largest), 0);
      result[i] = logits[ids[i + 1]!]! - largest - Math.log(total);
    }
  } finally {
    cache.dispose();
  }
  return result;
}

/** The shift of `candidate` log-probabilities from `reference` ones. */
export function shiftBetween(candidate: Float64Array, reference: Float64Array): LogProbabilityShift {
  const differences = Array.from(candidate, (value, i) => value - reference[i]!);
  return {
    meanShift: Math.abs(differences.reduce((sum, value) => sum + value, 0) / differences.length),
    meanAbsolute: differences.reduce((sum, value) => sum + Math.abs(value), 0) / differences.length,
    max: differences.reduce((max, value) => Math.max(max, Math.abs(value)), 0),
  };
}

/**
 * Decodes `ids` with `model`'s float32 weights, then with its weights stored as `dtype`
 * ({@link quantizeForDecoding}, disposed afterwards), and returns how far the log-probabilities
 * moved. The model must not have stored weights in force when called.
 */
export async function logProbabilityShift(
  model: GptModel,
  ids: TokenIds,
  dtype: DecodingDtype,
): Promise<LogProbabilityShift> {
  const reference = await decodedLogProbabilities(model, ids);
  const weights = await quantizeForDecoding(model, dtype);
  try {
    return shiftBetween(await decodedLogProbabilities(model, ids), reference);
  } finally {
    weights.dispose();
  }
}
