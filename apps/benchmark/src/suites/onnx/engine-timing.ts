import { median } from '../../framework/stats.js';
import { sampleIds } from '../model/generation-timing.js';
import { type Engine, engineLabel } from './engines.js';
import { measureInterleavedAsync } from '../../framework/measure-async.js';

/** What one comparison runs: the prefill length, both decode contexts, and how many rounds and steps. */
export interface Sizes {
  readonly prefill: number;
  readonly decode: readonly [number, number];
  readonly rounds: { readonly warmup: number; readonly repeats: number };
  readonly steps: number;
  readonly warmupSteps: number;
}

/** One engine's figures (medians, ms); `absent` says why an engine did not run. */
export interface EngineRow {
  readonly label: string;
  readonly engine: string;
  readonly threads: number;
  readonly backend: string;
  readonly absent?: string;
  /** Largest |Δ log-probability| of its next-token distribution against fewshot's on WASM, same ids. */
  readonly difference?: number;
  readonly prefillMs?: number;
  readonly decodeMs?: readonly [number, number];
}

export const engineRow = (engine: Engine): EngineRow => ({
  label: engineLabel(engine),
  engine: engine.engine,
  threads: engine.threads,
  backend: engine.backend,
});

export const fixed = (value: number, digits = 2): string => (Number.isFinite(value) ? value.toFixed(digits) : '—');

function logSoftmax(row: Float32Array): Float64Array {
  const values = Float64Array.from(row);
  const max = values.reduce((a, b) => Math.max(a, b), -Infinity);
  const log = Math.log(values.reduce((sum, value) => sum + Math.exp(value - max), 0)) + max;
  return values.map((value) => value - log);
}

/** Largest |Δ| between the log-softmax of two logits rows. */
export function logProbDifference(a: Float32Array, b: Float32Array): number {
  const [x, y] = [logSoftmax(a), logSoftmax(b)];
  return x.reduce((max, value, i) => Math.max(max, Math.abs(value - (y[i] ?? Number.NaN))), 0);
}

/**
 * Times `engines` side by side: prefills of `sizes.prefill` tokens in interleaved rounds (after
 * warm-up rounds), then, context by context, cached single-token steps, one step per engine in
 * turn (so load from elsewhere falls on all of them alike), the first `sizes.warmupSteps` of each
 * context untimed. Returns each engine's prefill and decode medians.
 */
export async function measureEngines(
  engines: readonly Engine[],
  sizes: Sizes,
  vocab: number,
  log: (line: string) => void,
): Promise<Map<Engine, { prefillMs: number; decodeMs: readonly [number, number] }>> {
  const ids = sampleIds(sizes.prefill, vocab);
  const contenders = engines.map((engine) => ({ name: engineLabel(engine), run: () => engine.prefill(ids) }));
  const prefill = await measureInterleavedAsync(contenders, sizes.rounds);
  const key = (context: number): string => `context-${context}`;
  for (const engine of engines) {
    for (const context of sizes.decode) {
      await engine.fill(key(context), sampleIds(context - sizes.steps - sizes.warmupSteps, vocab));
    }
  }
  const times = new Map(engines.map((engine) => [engine, [[], []] as [number[], number[]]]));
  for (const [c, context] of sizes.decode.entries()) {
    for (let step = 0; step < sizes.warmupSteps + sizes.steps; step++) {
      const [id = 0] = sampleIds(1, vocab, context + step);
      for (const engine of engines) {
        const ms = await engine.step(key(context), id);
        if (step >= sizes.warmupSteps) times.get(engine)?.[c]?.push(ms);
      }
    }
  }
  const results = new Map<Engine, { prefillMs: number; decodeMs: readonly [number, number] }>();
  for (const engine of engines) {
    const prefillMs = prefill.get(engineLabel(engine))?.median ?? Number.NaN;
    const [short = [], long = []] = times.get(engine) ?? [];
    const decodeMs = [median(short), median(long)] as const;
    const rate = fixed((sizes.prefill / prefillMs) * 1000, 0);
    const decode = decodeMs.map((ms, i) => `${fixed(ms, 1)} ms/token at ${sizes.decode[i]}`).join(', ');
    log(
      `${engineLabel(engine)}: prefill ${sizes.prefill} tokens in ${fixed(prefillMs, 0)} ms (${rate} tokens/s), ` +
        `decode ${decode}`,
    );
    results.set(engine, { prefillMs, decodeMs });
  }
  return results;
}
