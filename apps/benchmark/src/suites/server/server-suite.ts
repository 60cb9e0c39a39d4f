import type { Suite, SuiteOptions, SuiteResult } from '../../framework/suite.js';
import { type TargetCheck, checkCondition, checkTarget, notMeasured } from '../../framework/targets.js';
import { defaultModelSource, describeShape } from '../default-model.js';
import { BENCH_MODEL_ID, BENCH_SERVER_SCRIPT, benchServerBuilt, startBenchServer } from './bench-server-process.js';
import { type LoadResult, percentile, runLoad, smallWhileLarge } from './server-load.js';

/** Issue 17: batched decoding at concurrency 8 gives at least this many times the tokens/s of one-at-a-time. */
const BATCHING_SPEEDUP_TARGET = 3;
const TARGET_CONCURRENCY = 8;
const CONCURRENCIES = [1, 8, 32] as const;
const ISSUE = 17;

interface ModeResult {
  readonly batching: boolean;
  readonly loads: readonly LoadResult[];
  readonly probe: { readonly latencies: readonly number[]; readonly largeMs: number; readonly largeFinishedFirst: boolean };
}

const fixed = (value: number, digits = 1): string => (Number.isFinite(value) ? value.toFixed(digits) : '—');
const tokensPerSecond = (load: LoadResult | undefined): number => (load === undefined ? Number.NaN : (load.tokens * 1000) / load.wallMs);

async function measureMode(directory: string, batching: boolean, quick: boolean, log: (line: string) => void): Promise<ModeResult> {
  const server = await startBenchServer(directory, batching);
  try {
    const maxTokens = quick ? 16 : 32;
    // A warm-up request builds the model's lazily made inference tensors.
    await runLoad(server.baseUrl, BENCH_MODEL_ID, 1, 1, 4);
    const loads: LoadResult[] = [];
    for (const concurrency of CONCURRENCIES) {
      const requests = quick ? Math.max(4, 2 * concurrency) : Math.max(16, 4 * concurrency);
      const load = await runLoad(server.baseUrl, BENCH_MODEL_ID, concurrency, requests, maxTokens);
      log(`batching ${batching ? 'on' : 'off'}, concurrency ${concurrency}: ${load.completions} completions, ${fixed(tokensPerSecond(load))} tokens/s`);
      loads.push(load);
    }
    const probe = await smallWhileLarge(server.baseUrl, BENCH_MODEL_ID, quick ? 8 : 30, quick ? 16 : 32, quick ? 48 : 96);
    log(`batching ${batching ? 'on' : 'off'}: small request p50 ${fixed(percentile(probe.latencies, 50))} ms while a large one runs`);
    return { batching, loads, probe };
  } finally {
    await server.stop();
  }
}

export const serverSuite: Suite = {
  name: 'server',
  description: 'the playground server under concurrent load on the default model: completions/s and tokens/s with batched decoding on and off, and a small request\'s latency while a large one runs',
  async run({ quick, log, modelDirectory }: SuiteOptions): Promise<SuiteResult> {
    const source = await defaultModelSource(modelDirectory);
    const speedupDescription = `tokens/s at concurrency ${TARGET_CONCURRENCY} with batched decoding ≥ ${BATCHING_SPEEDUP_TARGET}× one-at-a-time (batching off), default model`;
    const identicalDescription = 'greedy completions identical with batching on and off (every load request)';
    const missing = !source.trained ? `no checkpoint of the default model (${source.description})` : !benchServerBuilt() ? `${BENCH_SERVER_SCRIPT} is not built: run pnpm --filter @fewshot/playground build` : undefined;
    if (missing !== undefined) {
      return {
        suite: 'server',
        inputs: { model: source.description },
        tables: [],
        targets: [notMeasured(ISSUE, speedupDescription, missing), notMeasured(ISSUE, identicalDescription, missing)],
        data: { skipped: missing },
      };
    }
    const modes = [await measureMode(source.directory, true, quick, log), await measureMode(source.directory, false, quick, log)];
    const [on, off] = modes as [ModeResult, ModeResult];
    const at = (mode: ModeResult, concurrency: number): LoadResult | undefined => mode.loads.find((load) => load.concurrency === concurrency);
    const speedup = tokensPerSecond(at(on, TARGET_CONCURRENCY)) / tokensPerSecond(at(off, TARGET_CONCURRENCY));
    const mismatches = on.loads.reduce((count, load, i) => count + load.texts.filter((text, j) => text !== off.loads[i]?.texts[j]).length, 0);
    const compared = on.loads.reduce((count, load) => count + load.texts.length, 0);
    const failures = modes.reduce((count, mode) => count + mode.loads.reduce((sum, load) => sum + load.failures, 0), 0);
    const targets: TargetCheck[] = [
      checkTarget({
        issue: ISSUE,
        description: speedupDescription,
        value: speedup,
        comparison: 'at least',
        threshold: BATCHING_SPEEDUP_TARGET,
        measured: `${fixed(speedup, 2)}× (${fixed(tokensPerSecond(at(on, TARGET_CONCURRENCY)))} vs ${fixed(tokensPerSecond(at(off, TARGET_CONCURRENCY)))} tokens/s)`,
      }),
      checkCondition(ISSUE, identicalDescription, mismatches === 0 && failures === 0, `${compared - mismatches} of ${compared} identical, ${failures} failed requests`),
    ];
    const loadRows = modes.flatMap((mode) =>
      mode.loads.map((load) => [
        mode.batching ? 'on' : 'off',
        String(load.concurrency),
        String(load.completions),
        fixed((load.completions * 1000) / load.wallMs, 2),
        fixed(tokensPerSecond(load)),
        fixed(tokensPerSecond(load) / tokensPerSecond(at(off, load.concurrency)), 2) + '×',
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
        load: `greedy completions of up to ${quick ? 16 : 32} tokens; each of c clients sends its next request when the last is answered`,
        probe: `2-token requests one after another while one request of ${quick ? 16 : 32} × ${quick ? 48 : 96} sampled tokens runs`,
      },
      notes: ['The machine is shared: absolute rates vary between runs; batching on and off run back to back on the same model.'],
      tables: [
        { title: 'Throughput', rows: [['batching', 'concurrency', 'completions', 'completions/s', 'tokens/s', 'vs batching off'], ...loadRows] },
        { title: 'A small request while a large one runs', rows: [['batching', 'small requests', 'p50 ms', 'p99 ms', 'large request ms', 'small ones done before it'], ...probeRows] },
      ],
      targets,
      data: {
        modes: modes.map((mode) => ({
          batching: mode.batching,
          loads: mode.loads.map((load) => ({ concurrency: load.concurrency, completions: load.completions, tokens: load.tokens, wallMs: load.wallMs, failures: load.failures })),
          probe: mode.probe,
        })),
        speedup,
        mismatches,
      },
    };
  },
};
