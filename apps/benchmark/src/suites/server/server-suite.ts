import { loadPretrained } from '@fewshot/hub';
import { median } from '../../framework/stats.js';
import type { Suite, SuiteOptions, SuiteResult } from '../../framework/suite.js';
import { type TargetCheck, checkCondition, checkTarget, notMeasured } from '../../framework/targets.js';
import { defaultModelSource, describeShape } from '../default-model.js';
import { type BatchCeiling, measureBatchCeiling } from './batch-ceiling.js';
import { BENCH_MODEL_ID, BENCH_SERVER_SCRIPT, benchServerBuilt, startBenchServer } from './bench-server-process.js';
import { type LoadResult, loadPrompt, percentile, runLoad, smallWhileLarge } from './server-load.js';

/** Issue 17: batched decoding at concurrency 8 gives at least this many times the tokens/s of one-at-a-time. */
const BATCHING_SPEEDUP_TARGET = 3;
const TARGET_CONCURRENCY = 8;
const CONCURRENCIES = [1, 8, 32] as const;
const ISSUE = 17;

interface ModeResult {
  readonly batching: boolean;
  readonly loads: readonly LoadResult[];
  readonly probe: {
    readonly latencies: readonly number[];
    readonly largeMs: number;
    readonly largeFinishedFirst: boolean;
  };
}

const fixed = (value: number, digits = 1): string => (Number.isFinite(value) ? value.toFixed(digits) : '—');
const tokensPerSecond = (load: LoadResult): number => (load.tokens * 1000) / load.wallMs;

/** Timed rounds per concurrency and mode; the tables show their medians. */
const rounds = (quick: boolean): number => (quick ? 1 : 3);

/**
 * Both servers (batching on and off) run at once, and every round of every concurrency runs on
 * one then the other (alternating which goes first), so load from other processes on a shared
 * machine hits both alike; then each takes the latency probe.
 */
async function measureModes(directory: string, quick: boolean, log: (line: string) => void): Promise<ModeResult[]> {
  const servers = [await startBenchServer(directory, true), await startBenchServer(directory, false)];
  try {
    const maxTokens = quick ? 16 : 32;
    // A warm-up request builds the model's lazily made inference tensors.
    for (const server of servers) await runLoad(server.baseUrl, BENCH_MODEL_ID, 1, 1, 4);
    const loads: LoadResult[][] = [[], []];
    for (const concurrency of CONCURRENCIES) {
      const requests = quick ? Math.max(4, 2 * concurrency) : Math.max(16, 4 * concurrency);
      for (let round = 0; round < rounds(quick); round++) {
        const order = round % 2 === 0 ? [0, 1] : [1, 0];
        for (const mode of order) {
          const load = await runLoad(servers[mode]?.baseUrl ?? '', BENCH_MODEL_ID, concurrency, requests, maxTokens);
          log(
            `batching ${mode === 0 ? 'on' : 'off'}, concurrency ${concurrency}: ${load.completions} completions, ` +
              `${fixed(tokensPerSecond(load))} tokens/s`,
          );
          loads[mode]?.push(load);
        }
      }
    }
    const results: ModeResult[] = [];
    for (const [mode, server] of servers.entries()) {
      const [small, largeChoices, largeTokens] = quick ? [8, 16, 48] : [30, 32, 96];
      const probe = await smallWhileLarge(server.baseUrl, BENCH_MODEL_ID, small, largeChoices, largeTokens);
      log(
        `batching ${mode === 0 ? 'on' : 'off'}: small request p50 ${fixed(percentile(probe.latencies, 50))} ms ` +
          'while a large one runs',
      );
      results.push({ batching: mode === 0, loads: loads[mode] ?? [], probe });
    }
    return results;
  } finally {
    for (const server of servers) await server.stop();
  }
}

/**
 * The default model in this process on WASM, as the bench server runs it: a pass of
 * {@link TARGET_CONCURRENCY} sequences against one, from the first load prompt.
 */
async function measureCeiling(directory: string, quick: boolean): Promise<BatchCeiling> {
  const { model, tokenizer } = await loadPretrained(directory, { backend: 'wasm' });
  try {
    return await measureBatchCeiling(model, {
      rows: TARGET_CONCURRENCY,
      prompt: tokenizer.encode(loadPrompt(0)),
      steps: quick ? 8 : 32,
      rounds: { warmup: 1, repeats: quick ? 3 : 7 },
    });
  } finally {
    model.dispose();
  }
}

/** The median over a mode's rounds at `concurrency` of `rate`. */
function medianAt(mode: ModeResult, concurrency: number, rate: (load: LoadResult) => number): number {
  const values = mode.loads.filter((load) => load.concurrency === concurrency).map(rate);
  return values.length === 0 ? Number.NaN : median(values);
}

const completionsPerSecond = (load: LoadResult): number => (load.completions * 1000) / load.wallMs;

export const serverSuite: Suite = {
  name: 'server',
  description:
    'the playground server under concurrent load on the default model: completions/s and tokens/s with ' +
    "batched decoding on and off, and a small request's latency while a large one runs",
  async run({ quick, log, modelDirectory }: SuiteOptions): Promise<SuiteResult> {
    const source = await defaultModelSource(modelDirectory);
    const speedupDescription =
      `tokens/s at concurrency ${TARGET_CONCURRENCY} with batched decoding ≥ ${BATCHING_SPEEDUP_TARGET}× ` +
      'one-at-a-time (batching off), default model';
    const identicalDescription = 'greedy completions identical with batching on and off (every load request)';
    const missing = benchServerBuilt()
      ? undefined
      : `${BENCH_SERVER_SCRIPT} is not built: run pnpm --filter @fewshot/playground build`;
    if (missing !== undefined) {
      return {
        suite: 'server',
        inputs: { model: source.description },
        tables: [],
        targets: [notMeasured(ISSUE, speedupDescription, missing), notMeasured(ISSUE, identicalDescription, missing)],
        data: { skipped: missing },
      };
    }
    const modes = await measureModes(source.directory, quick, log);
    const ceiling = await measureCeiling(source.directory, quick);
    log(`the model alone: ${fixed(ceiling.gain, 2)}× tokens/s with ${ceiling.rows} sequences per pass`);
    const [on, off] = modes as [ModeResult, ModeResult];
    const onRate = medianAt(on, TARGET_CONCURRENCY, tokensPerSecond);
    const offRate = medianAt(off, TARGET_CONCURRENCY, tokensPerSecond);
    const speedup = onRate / offRate;
    // Every batched run against the unbatched run of the same concurrency: greedy, so equal texts.
    const mismatches = on.loads.reduce((count, load) => {
      const reference = off.loads.find((other) => other.concurrency === load.concurrency);
      return count + load.texts.filter((text, j) => text !== reference?.texts[j]).length;
    }, 0);
    const compared = on.loads.reduce((count, load) => count + load.texts.length, 0);
    const failures = modes.reduce((count, mode) => count + mode.loads.reduce((sum, load) => sum + load.failures, 0), 0);
    const targets: TargetCheck[] = [
      checkTarget({
        issue: ISSUE,
        description: speedupDescription,
        value: speedup,
        comparison: 'at least',
        threshold: BATCHING_SPEEDUP_TARGET,
        measured:
          `${fixed(speedup, 2)}× (${fixed(onRate)} vs ${fixed(offRate)} tokens/s, median of ${rounds(quick)}); ` +
          `the model alone allows ${fixed(ceiling.gain, 2)}×`,
      }),
      checkCondition(
        ISSUE,
        identicalDescription,
        mismatches === 0 && failures === 0,
        `${compared - mismatches} of ${compared} identical, ${failures} failed requests`,
      ),
    ];
    const loadRows = modes.flatMap((mode) =>
      CONCURRENCIES.map((concurrency) => [
        mode.batching ? 'on' : 'off',
        String(concurrency),
        String(mode.loads.find((load) => load.concurrency === concurrency)?.completions ?? 0),
        fixed(medianAt(mode, concurrency, completionsPerSecond), 2),
        fixed(medianAt(mode, concurrency, tokensPerSecond)),
        `${fixed(medianAt(mode, concurrency, tokensPerSecond) / medianAt(off, concurrency, tokensPerSecond), 2)}×`,
      ]),
    );
    const probeRows = modes.map((mode) => [
      mode.batching ? 'on' : 'off',
      String(mode.probe.latencies.length),
      fixed(percentile(mode.probe.latencies, 50)),
      fixed(percentile(mode.probe.latencies, 99)),
      fixed(mode.probe.largeMs),
      mode.probe.largeFinishedFirst ? 'no' : 'yes',
    ]);
    return {
      suite: 'server',
      inputs: {
        model: `${source.description} (${describeShape(source.config)})`,
        server: 'apps/playground bench-server (WASM backend), its own process; requests over loopback HTTP',
        load:
          `greedy completions of up to ${quick ? 16 : 32} tokens; ` +
          'each of c clients sends its next request when the last is answered',
        probe:
          `2-token requests one after another while one request of ${quick ? 16 : 32} × ${quick ? 48 : 96} ` +
          'sampled tokens runs',
      },
      notes: [
        'The machine is shared: absolute rates vary between runs. Both servers run at once and take turns, ' +
          `round by round (${rounds(quick)} per concurrency, medians shown), so load from elsewhere hits both alike.`,
        'The model alone: decoding steps of fresh sequences from the first load prompt in this process on WASM, ' +
          'one sequence and one pass of several in interleaved rounds (medians). It bounds what the server can gain: ' +
          "the server's passes also carry new prompts' rows, and each request costs HTTP, tokenizing and sampling.",
      ],
      tables: [
        {
          title: 'Throughput',
          rows: [
            ['batching', 'concurrency', 'completions per round', 'completions/s', 'tokens/s', 'vs batching off'],
            ...loadRows,
          ],
        },
        {
          title: 'What batching can gain at most: the model alone, without the server',
          rows: [
            ['sequences per pass', 'ms per pass', 'tokens/s', 'vs one sequence'],
            ['1', fixed(ceiling.oneRowMs, 2), fixed(1000 / ceiling.oneRowMs), '1.00×'],
            [
              String(ceiling.rows),
              fixed(ceiling.batchMs, 2),
              fixed((1000 * ceiling.rows) / ceiling.batchMs),
              `${fixed(ceiling.gain, 2)}×`,
            ],
          ],
        },
        {
          title: 'A small request while a large one runs',
          rows: [
            ['batching', 'small requests', 'p50 ms', 'p99 ms', 'large request ms', 'small ones done before it'],
            ...probeRows,
          ],
        },
      ],
      targets,
      data: {
        modes: modes.map((mode) => ({
          batching: mode.batching,
          loads: mode.loads.map((load) => ({
            concurrency: load.concurrency,
            completions: load.completions,
            tokens: load.tokens,
            wallMs: load.wallMs,
            failures: load.failures,
          })),
          probe: mode.probe,
        })),
        speedup,
        ceiling,
        mismatches,
      },
    };
  },
};
