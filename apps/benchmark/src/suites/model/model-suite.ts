import { GptModel } from '@fewshot/model';
import { type BackendName, selectBackend } from '@fewshot/model/node';
import { renderLineChart } from '@fewshot/common';
import type { Suite, SuiteOptions, SuiteResult } from '../../framework/suite.js';
import { type TargetCheck, checkTarget, notMeasured } from '../../framework/targets.js';
import { defaultModelSource, describeShape, loadDefaultModel } from '../default-model.js';
import { type BackendRow, measureOnBackend } from './backend-comparison.js';
import { decodeAt, decodeInterleaved, sampleIds, timeRecompute } from './generation-timing.js';
import { LOCAL_WINDOW, QUICK_LAYERS, gpt3SmallShape, localOnlyShape } from './shapes.js';
import { type ThroughputRow, measureThroughput } from './throughput.js';

/** The issue's targets (issue 4). */
const PREFILL_SHARE_TARGET = 0.6;
const CACHE_SPEEDUP_TARGET = 10;
const CACHE_SPEEDUP_CONTEXT = 512;
const LOCAL_GROWTH_TARGET = 1.3;
const LOCAL_CONTEXTS = [128, 2048] as const;
/**
 * gpt-tfjs (no KV cache) on WASM on this machine, GPT-2 small shape, tokens/s, as the issue quotes it; we aim at 100×.
 */
const GPT_TFJS_TOKENS_PER_SECOND = new Map([
  [128, 0.29],
  [512, 0.08],
]);
const PEER_SPEEDUP_TARGET = 100;

const fixed = (value: number, digits = 2): string => (Number.isFinite(value) ? value.toFixed(digits) : '—');
const percent = (share: number): string => `${fixed(share * 100, 0)}%`;
const layerCount = (layers: number): string => `${layers} layer${layers === 1 ? '' : 's'}`;

const throughputTable = (title: string, rows: readonly ThroughputRow[]): { title: string; rows: string[][] } => ({
  title,
  rows: [
    [
      'context',
      'prefill tokens/s',
      'prefill GFLOP/s',
      'matMul GFLOP/s',
      'prefill MFU',
      'decode ms/token',
      'decode tokens/s',
      'decode GFLOP/s',
      'decode MFU',
    ],
    ...rows.map((row) => [
      String(row.context),
      fixed(row.prefillTokensPerSecond, 0),
      fixed(row.prefillGflops, 1),
      fixed(row.ceilingGflops, 1),
      percent(row.prefillGflops / row.ceilingGflops),
      fixed(row.decodeMs, 1),
      fixed(row.decodeTokensPerSecond, 1),
      fixed(row.decodeGflops, 2),
      percent(row.decodeGflops / row.ceilingGflops),
    ]),
  ],
});

/** The part of the model suite's `data` other suites read. */
export interface ModelSuiteData {
  /** The GPT-3 Small shape measured (fewer layers in quick mode). */
  readonly model: string;
  readonly decoding: readonly { readonly context: number; readonly cachedMs: number }[];
}

/** The model suite's cached-decode ms/token at `context`, when it ran earlier in this run. */
export function earlierDecodeTime(
  earlier: readonly SuiteResult[],
  context: number,
): { model: string; ms: number } | undefined {
  const data = earlier.find((result) => result.suite === 'model')?.data as ModelSuiteData | undefined;
  const row = data?.decoding.find((candidate) => candidate.context === context);
  return data === undefined || row === undefined ? undefined : { model: data.model, ms: row.cachedMs };
}

export const modelSuite: Suite = {
  name: 'model',
  description:
    'GPT-3 Small shape (random weights) and the default model: prefill and cached decoding by ' +
    'context, KV cache vs recomputation, MFU vs the matMul ceiling, WASM vs CPU vs tfjs-node',
  async run({ quick, log, modelDirectory }: SuiteOptions): Promise<SuiteResult> {
    const backend = await selectBackend('wasm');
    const config = gpt3SmallShape(quick ? QUICK_LAYERS : undefined);
    const layers = config.nLayer;
    const options = quick ? { warmup: 1, repeats: 1 } : { warmup: 1, repeats: 3 };
    const steps = quick ? 4 : 8;
    const notes: string[] = [];
    if (quick)
      notes.push(
        `Quick mode: GPT-3 Small's width and vocabulary with ${layers} of its 12 layers (ratios to the ` +
          "matMul ceiling and to recomputation are per-layer; absolute tokens/s are not GPT-3 Small's).",
      );

    log(`creating ${config.name} (random weights)`);
    const model = GptModel.create(config, { seed: 1 });
    const contexts = quick ? [128] : [128, 512, 2048];
    const gpt3 = await measureThroughput(model, contexts, { ...options, steps }, log);
    const decoding = [];
    for (const context of [128, CACHE_SPEEDUP_CONTEXT]) {
      const cachedMs = gpt3.find((row) => row.context === context)?.decodeMs ?? (await decodeAt(model, context, steps));
      // Quick mode recomputes only where a target needs it (context 512).
      const recomputeMs =
        quick && context !== CACHE_SPEEDUP_CONTEXT
          ? Number.NaN
          : timeRecompute(model, sampleIds(context, config.vocabSize), { warmup: 0, repeats: quick ? 1 : 2 }).median;
      log(`context ${context}: cached ${fixed(cachedMs, 1)} ms/token, recompute ${fixed(recomputeMs, 0)} ms/token`);
      const peer = GPT_TFJS_TOKENS_PER_SECOND.get(context) ?? Number.NaN;
      decoding.push({
        context,
        cachedMs,
        recomputeMs,
        speedup: recomputeMs / cachedMs,
        tokensPerSecond: 1000 / cachedMs,
        gptTfjs: peer,
        overPeer: 1000 / cachedMs / peer,
      });
    }
    model.dispose();

    // Quick mode: one local layer (decode growth is a per-layer property; filling a 2048-position cache is the cost).
    const localLayers = quick ? 1 : layers;
    log(
      `local(${LOCAL_WINDOW})-only model, ${layerCount(localLayers)}, ` +
        `decoding at contexts ${LOCAL_CONTEXTS.join(' and ')}`,
    );
    const localModel = GptModel.create(localOnlyShape(localLayers), { seed: 2 });
    // Twice the steps of the other rows, timed in turn across the two contexts: the target is their ratio.
    const localMs = await decodeInterleaved(localModel, LOCAL_CONTEXTS, 2 * steps);
    const local = LOCAL_CONTEXTS.map((context, i) => ({ context, ms: localMs[i] ?? Number.NaN }));
    localModel.dispose();
    const localGrowth = (local[1]?.ms ?? Number.NaN) / (local[0]?.ms ?? Number.NaN);

    const mini = await defaultModelSource(modelDirectory);
    log(`default model: ${mini.description}`);
    const miniModel = await loadDefaultModel(mini);
    const miniContexts = (quick ? [64, 256] : [32, 64, 128, 256]).filter(
      (context) => context <= mini.config.contextLength,
    );
    const miniRows = await measureThroughput(miniModel, miniContexts, { ...options, steps }, log);
    miniModel.dispose();

    // Backends side by side at context 128: the default model everywhere; GPT-3 Small on the CPU backend in the full
    // run only (~30× slower than WASM).
    const backendRows: BackendRow[] = [];
    const backendContext = Math.min(quick ? 32 : 128, mini.config.contextLength);
    for (const name of ['wasm', 'cpu', 'tensorflow'] as const satisfies readonly BackendName[]) {
      const light = name === 'cpu' && quick;
      backendRows.push(
        await measureOnBackend(
          {
            backend: name,
            config: mini.config,
            load: () => loadDefaultModel(mini),
            context: backendContext,
            warmup: light ? 0 : 1,
            repeats: light ? 1 : options.repeats,
            steps: light ? 2 : steps,
          },
          log,
        ),
      );
    }
    if (!quick) {
      for (const name of ['wasm', 'cpu'] as const) {
        backendRows.push(
          await measureOnBackend(
            {
              backend: name,
              config,
              load: () => Promise.resolve(GptModel.create(config, { seed: 1 })),
              context: 128,
              warmup: 0,
              repeats: 1,
              steps: 2,
            },
            log,
          ),
        );
      }
    } else {
      notes.push(
        'Quick mode: GPT-3 Small on the CPU backend is left out (minutes per point); the full run measures it.',
      );
    }
    await selectBackend('wasm');
    const wasmCeiling = (modelName: string): number =>
      backendRows.find((row) => row.backend === 'wasm' && row.model === modelName)?.throughput?.ceilingGflops ??
      Number.NaN;

    const at512 = decoding.find((row) => row.context === CACHE_SPEEDUP_CONTEXT)!;
    const targets: TargetCheck[] = [
      ...(quick ? [128] : [128, 512]).map((tokens) => {
        const row = gpt3.find((candidate) => candidate.context === tokens);
        const share = (row?.prefillGflops ?? Number.NaN) / (row?.ceilingGflops ?? Number.NaN);
        return checkTarget({
          issue: 4,
          description:
            `prefill (${tokens} tokens, ${config.name}) ≥ ${PREFILL_SHARE_TARGET * 100}% ` +
            'of the WASM matMul throughput on the same shapes',
          value: share,
          comparison: 'at least',
          threshold: PREFILL_SHARE_TARGET,
          measured:
            `${percent(share)} (${fixed(row?.prefillGflops ?? Number.NaN, 1)} ` +
            `of ${fixed(row?.ceilingGflops ?? Number.NaN, 1)} GFLOP/s)`,
        });
      }),
      checkTarget({
        issue: 4,
        description:
          `cached decoding ≥ ${CACHE_SPEEDUP_TARGET}× faster ` +
          `than recomputing, at context ${CACHE_SPEEDUP_CONTEXT}`,
        value: at512.speedup,
        comparison: 'at least',
        threshold: CACHE_SPEEDUP_TARGET,
        measured:
          `${fixed(at512.speedup, 1)}× (${fixed(at512.cachedMs, 1)} ` + `vs ${fixed(at512.recomputeMs, 0)} ms/token)`,
      }),
      checkTarget({
        issue: 4,
        description:
          `local-only model: decode time at context ${LOCAL_CONTEXTS[1]} ≤ ${LOCAL_GROWTH_TARGET}× ` +
          `that at ${LOCAL_CONTEXTS[0]} (${layerCount(localLayers)} of GPT-3 Small's width)`,
        value: localGrowth,
        comparison: 'at most',
        threshold: LOCAL_GROWTH_TARGET,
        measured:
          `${fixed(localGrowth, 2)}× ` +
          `(${local.map(({ context, ms }) => `${fixed(ms, 1)} ms at ${context}`).join(', ')})`,
      }),
      ...decoding.map((row) => {
        const description =
          `≥ ${PEER_SPEEDUP_TARGET}× gpt-tfjs's ${row.gptTfjs} tokens/s ` +
          `at context ${row.context} (GPT-3 Small's 12 layers)`;
        if (quick)
          return notMeasured(
            4,
            description,
            `quick mode decodes with ${layers} layers ` +
              `(${fixed(row.tokensPerSecond, 1)} tokens/s); the full run measures 12`,
          );
        return checkTarget({
          issue: 4,
          description,
          value: row.overPeer,
          comparison: 'at least',
          threshold: PEER_SPEEDUP_TARGET,
          measured: `${fixed(row.overPeer, 0)}× (${fixed(row.tokensPerSecond, 1)} tokens/s)`,
        });
      }),
    ];
    const chart = renderLineChart({
      xScale: 'log',
      yScale: 'log',
      title: 'Model throughput on WASM by context',
      xLabel: 'context (tokens)',
      yLabel: 'tokens/s',
      series: [
        { name: `${config.name} prefill`, points: gpt3.map((row) => [row.context, row.prefillTokensPerSecond]) },
        { name: `${config.name} decode`, points: gpt3.map((row) => [row.context, row.decodeTokensPerSecond]) },
        { name: 'default model prefill', points: miniRows.map((row) => [row.context, row.prefillTokensPerSecond]) },
        { name: 'default model decode', points: miniRows.map((row) => [row.context, row.decodeTokensPerSecond]) },
      ],
    });
    return {
      suite: 'model',
      inputs: {
        'GPT-3 Small shape': `${config.name}: ${describeShape(config)}, random weights`,
        'default model': `${mini.config.name}: ${describeShape(mini.config)}, trained weights`,
        backend: `${backend.tfjsBackend} (${backend.reason}) unless a table says otherwise`,
        repeats: `${options.warmup} warm-up + ${options.repeats} (median); decoding: median of ${steps} steps`,
        FLOPs:
          'matrix products only (forwardFlopsPerToken of @fewshot/config; a ' +
          'decode step: projections, LM head and the keys its pattern attends to)',
        MFU:
          "achieved GFLOP/s ÷ TF.js matMul GFLOP/s on the same forward pass's projection shapes, " +
          'timed interleaved with the prefill (decode MFU uses the ceiling at the same context)',
      },
      notes,
      tables: [
        throughputTable(`${config.name} on WASM`, gpt3),
        throughputTable(`${mini.config.name} on WASM`, miniRows),
        {
          title: 'Decoding one token: KV cache vs recomputing the context (gpt-tfjs has no cache)',
          rows: [
            [
              'context',
              'cached ms/token',
              'tokens/s',
              'recompute ms/token',
              'speedup',
              'gpt-tfjs tokens/s (12 layers)',
              'vs gpt-tfjs',
            ],
            ...decoding.map((row) => [
              String(row.context),
              fixed(row.cachedMs, 1),
              fixed(row.tokensPerSecond, 1),
              fixed(row.recomputeMs, 0),
              `${fixed(row.speedup, 1)}×`,
              String(row.gptTfjs),
              `${fixed(row.overPeer, 0)}×`,
            ]),
          ],
        },
        {
          title:
            `Local(${LOCAL_WINDOW})-only model (${layerCount(localLayers)} ` +
            "of GPT-3 Small's width), cached decoding",
          rows: [['context', 'ms/token'], ...local.map(({ context, ms }) => [String(context), fixed(ms, 1)])],
        },
        {
          title:
            `Backends side by side (context ${backendContext} for the ` +
            `default model${quick ? '' : ', 128 for GPT-3 Small'})`,
          rows: [
            [
              'backend',
              'model',
              'prefill tokens/s',
              'decode tokens/s',
              'prefill GFLOP/s',
              'matMul GFLOP/s (this backend)',
              'MFU (this backend)',
              'MFU vs WASM matMul',
            ],
            ...backendRows.map((row) =>
              row.throughput === undefined
                ? [row.backend, row.model, `absent: ${row.absent ?? 'not measured'}`, '', '', '', '', '']
                : [
                    row.backend,
                    row.model,
                    fixed(row.throughput.prefillTokensPerSecond, 0),
                    fixed(row.throughput.decodeTokensPerSecond, 1),
                    fixed(row.throughput.prefillGflops, 2),
                    fixed(row.throughput.ceilingGflops, 2),
                    percent(row.throughput.prefillGflops / row.throughput.ceilingGflops),
                    percent(row.throughput.prefillGflops / wasmCeiling(row.model)),
                  ],
            ),
          ],
        },
      ],
      targets,
      data: {
        model: config.name,
        gpt3,
        decoding,
        local,
        localLayers,
        defaultModel: { source: mini.description, config: mini.config, rows: miniRows },
        backends: backendRows,
      },
      files: [{ name: 'model-throughput.svg', content: chart }],
    };
  },
};
