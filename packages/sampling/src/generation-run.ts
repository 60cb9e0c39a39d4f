import type { CacheLedger } from './cache-ledger.js';
import type { GenerationConfig } from './generation-config.js';
import type { LanguageModel } from './language-model.js';
import type { LogitsProcessor } from './logits-processor.js';
import type { Interruption } from './stopping-criteria.js';
import type { TokenDecoder } from './token-decoder.js';

/** Everything one request's decoding loops share. */
export interface GenerationRun<Cache> {
  readonly model: LanguageModel<Cache>;
  /** Creates, forks and disposes the request's caches. */
  readonly caches: CacheLedger<Cache>;
  readonly decoder: TokenDecoder;
  readonly config: GenerationConfig;
  readonly prompt: readonly number[];
  readonly processors: readonly LogitsProcessor[];
  readonly warpers: readonly LogitsProcessor[];
  readonly interruption: Interruption;
  readonly timing: { modelMs: number; promptMs: number; samplingMs: number; samplingSteps: number };
}

/** What a forward pass reads: the prompt (a prefill) or the tokens generated since (decoding). */
export type ForwardInput = 'prompt' | 'generated';

/**
 * Feeds ids to the model, timing the call (also as prompt time for a prefill); returns the
 * logits copied (the model may reuse its buffer).
 */
export async function forward<Cache>(
  run: GenerationRun<Cache>,
  ids: readonly number[],
  cache: Cache,
  input: ForwardInput,
): Promise<Float32Array> {
  const start = performance.now();
  const logits = await run.model.nextTokenLogits(ids, cache);
  const elapsed = performance.now() - start;
  run.timing.modelMs += elapsed;
  if (input === 'prompt') run.timing.promptMs += elapsed;
  if (logits.length !== run.model.vocabSize) {
    throw new Error(
      `model.nextTokenLogits returned ${logits.length} logits, expected vocabSize = ${run.model.vocabSize}`,
    );
  }
  const copy = logits.slice();
  // A NaN (an overflow in the model, say) would make every later comparison false and the
  // sampler silently pick the last token; report it instead. A plain loop: `findIndex` with a
  // callback cost a few tenths of a millisecond per token.
  for (let i = 0; i < copy.length; i++) {
    const v = copy[i]!;
    if (Number.isNaN(v)) throw new Error(`model.nextTokenLogits returned NaN for token id ${i}`);
  }
  return copy;
}
