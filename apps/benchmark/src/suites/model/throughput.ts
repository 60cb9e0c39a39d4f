import { forwardFlopsPerToken } from '@fewshot/config';
import type { GptModel } from '@fewshot/model';
import { type MeasureOptions, measureInterleaved } from '../../framework/measure.js';
import { matMulWorkload } from '../matmul/matmul-timing.js';
import { decodeAt, decodeFlops, sampleIds } from './generation-timing.js';

/** Prefill and cached decoding of one model at one context length. */
export interface ThroughputRow {
  readonly context: number;
  /** One forward pass over `context` tokens (logits for every position). */
  readonly prefillMs: number;
  readonly prefillTokensPerSecond: number;
  readonly prefillGflops: number;
  /** One cached step whose last position is `context − 1`. */
  readonly decodeMs: number;
  readonly decodeTokensPerSecond: number;
  readonly decodeGflops: number;
  /** TF.js matMul GFLOP/s on this model's projection shapes at `context` tokens, timed interleaved with the prefill. */
  readonly ceilingGflops: number;
}

/**
 * Milliseconds of one prefill over `ids` from a fresh cache, with logits for every position
 * (what scoring a text costs; the FLOP count includes the LM head for each token), and of the
 * same pass's matrix products alone, timed in interleaved rounds.
 */
function timePrefillAndCeiling(
  model: GptModel,
  ids: readonly number[],
  options: MeasureOptions,
): { prefillMs: number; ceilingGflops: number } {
  const workload = matMulWorkload(model.config, ids.length);
  const prefill = (): void => {
    const cache = model.createCache();
    model.forward(ids, cache).logits.dispose();
    cache.dispose();
  };
  try {
    const times = measureInterleaved(
      [
        { name: 'prefill', run: prefill },
        {
          name: 'matMul',
          run: () => {
            workload.run();
          },
        },
      ],
      options,
    );
    return {
      prefillMs: times.get('prefill')!.median,
      ceilingGflops: workload.flops / times.get('matMul')!.median / 1e6,
    };
  } finally {
    workload.dispose();
  }
}

/** Prefill and cached-decode throughput of `model` at each context length, on the active backend. */
export async function measureThroughput(
  model: GptModel,
  contexts: readonly number[],
  options: MeasureOptions & { readonly steps: number },
  log: (line: string) => void,
): Promise<ThroughputRow[]> {
  const { config } = model;
  const rows: ThroughputRow[] = [];
  for (const context of contexts) {
    // Past 512 tokens one prefill of GPT-3 Small takes tens of seconds: a single timed round (the shorter contexts
    // warmed the kernels).
    const rounds = context > 512 ? { warmup: 0, repeats: 1 } : options;
    const { prefillMs, ceilingGflops } = timePrefillAndCeiling(model, sampleIds(context, config.vocabSize), rounds);
    const decodeMs = await decodeAt(model, context, options.steps);
    const row = {
      context,
      prefillMs,
      prefillTokensPerSecond: (context / prefillMs) * 1000,
      prefillGflops: (forwardFlopsPerToken(config, context).total * context) / prefillMs / 1e6,
      decodeMs,
      decodeTokensPerSecond: 1000 / decodeMs,
      decodeGflops: decodeFlops(config, context) / decodeMs / 1e6,
      ceilingGflops,
    };
    log(
      `${config.name} context ${context}: prefill ${row.prefillTokensPerSecond.toFixed(0)} ` +
        `tokens/s (${row.prefillGflops.toFixed(1)} GFLOP/s, matMul ` +
        `${ceilingGflops.toFixed(1)}), decode ${row.decodeTokensPerSecond.toFixed(1)} tokens/s`,
    );
    rows.push(row);
  }
  return rows;
}
