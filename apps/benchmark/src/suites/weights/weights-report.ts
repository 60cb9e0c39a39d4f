import type { ModelConfig } from '@fewshot/config';
import type { DecodingDtype } from '@fewshot/kernels';
import { median } from '../../framework/stats.js';
import type { SuiteResult } from '../../framework/suite.js';
import { checkTarget, notMeasured } from '../../framework/targets.js';
import { fixed } from '../onnx/engine-timing.js';

const ISSUE = 20;
/** Issue 20: float32 decoding within 1.3× the time it takes to read the float32 weights once. */
const F32_VS_MINIMUM = 1.3;
/** Issue 20: 8-bit decoding faster than that float32 minimum. */
const INT8_VS_F32_MINIMUM = 1;

/**
 * What a decoding step's products read: `matMul`, the float32 weights as loaded, through TF.js's
 * matMul; or a copy stored as one of `quantizeForDecoding`'s dtypes, read by its SIMD kernels.
 */
export type WeightType = 'matMul' | DecodingDtype;

/** How the report names each weight type. */
export const WEIGHT_LABELS: Readonly<Record<WeightType, string>> = {
  matMul: 'float32 (tfjs matMul)',
  float32: 'float32 (stored, SIMD kernel)',
  float16: 'float16',
  int8: 'int8',
};

/** "1 thread", "2 threads". */
export const threadsLabel = (threads: number): string => `${threads} thread${threads === 1 ? '' : 's'}`;

/** What one weight type measured on one thread count. */
export interface WeightRun {
  readonly weights: WeightType;
  /** Threads its products ran on (matMul: the WASM backend's; stored: the store's). */
  readonly threads: number;
  /** Bytes of the weights a decoding step reads (projections, MLPs, LM head). */
  readonly bytes: number;
  /** Largest |Δ log-probability| of a next-token distribution against float32's (tfjs matMul). */
  readonly difference: number;
  /** Wall-clock and CPU milliseconds of each timed decoding step. */
  readonly ms: readonly number[];
  readonly cpuMs: readonly number[];
}

/** A read of the bandwidth probe (`measureReadBandwidth`), GB/s. */
export interface BandwidthRead {
  /** Threads that read at once, each half of the region. */
  readonly threads: number;
  readonly best: number;
  readonly median: number;
}

export interface WeightsReportInput {
  readonly quick: boolean;
  readonly config: ModelConfig;
  readonly context: number;
  readonly steps: number;
  /** What the probe read each time: bytes and rounds, and its results, before and after decoding. */
  readonly bandwidth: { readonly bytes: number; readonly rounds: number; readonly reads: readonly BandwidthRead[] };
  readonly runs: readonly WeightRun[];
  /** Engine, threads and backend, in words. */
  readonly engine: string;
  readonly load: string;
}

/**
 * The suite's table, targets and notes: each weight type's decoding time on each thread count
 * against the time to read its weights once at the best bandwidth measured with as many threads
 * (the read minimum), and issue 20's targets against float32's minimum, per thread count: the
 * float32 target holds the stored float32 copy (the faster float32 path) and shows TF.js matMul's
 * ratio beside it (matMul runs on the WASM backend's threads, whose bandwidth may not be measured).
 */
export function weightsReport(input: WeightsReportInput): SuiteResult {
  const { quick, config, context, steps, bandwidth, runs } = input;
  const bestOf = (threads: number): number => {
    const bests = bandwidth.reads.filter((read) => read.threads === threads).map((read) => read.best);
    return bests.length === 0 ? Number.NaN : Math.max(...bests);
  };
  const minimumMs = (bytes: number, threads: number): number => (bytes / (bestOf(threads) * 1e9)) * 1000;
  // The float32 weights as loaded: what reading the model once costs, whichever path reads it.
  const f32Bytes = runs.find((run) => run.weights === 'matMul')?.bytes ?? Number.NaN;
  const f32MinimumMs = (threads: number): number => minimumMs(f32Bytes, threads);
  const runOf = (weights: WeightType, threads: number): WeightRun | undefined =>
    runs.find((run) => run.weights === weights && run.threads === threads);
  const msOf = (weights: WeightType, threads: number): number => {
    const times = runOf(weights, threads)?.ms ?? [];
    return times.length === 0 ? Number.NaN : median(times);
  };
  const ratio = (weights: WeightType, threads: number): number => msOf(weights, threads) / f32MinimumMs(threads);
  const measured = (weights: WeightType, threads: number): string =>
    `${fixed(ratio(weights, threads))}× (${fixed(msOf(weights, threads), 1)} vs ` +
    `${fixed(f32MinimumMs(threads), 1)} ms at ${fixed(bestOf(threads), 1)} GB/s)`;
  const shrunk = `quick mode: ${config.nLayer} layers and a vocabulary of ${config.vocabSize}, not GPT-2 small's shape`;
  const storedThreads = [...new Set(runs.filter((run) => run.weights === 'float32').map((run) => run.threads))];
  const targets = storedThreads.flatMap((threads) => {
    const on = threadsLabel(threads);
    const f32Description =
      `float32 decode at ${context} on ${on} ≤ ${F32_VS_MINIMUM}× the read minimum: the time to read its weights ` +
      `at the bandwidth measured on ${on} (${WEIGHT_LABELS.float32})`;
    const int8Description = `int8 decode at ${context} on ${on} faster than that float32 read minimum`;
    if (quick) return [notMeasured(ISSUE, f32Description, shrunk), notMeasured(ISSUE, int8Description, shrunk)];
    const matMul = runs.find((run) => run.weights === 'matMul');
    const beside =
      matMul === undefined
        ? ''
        : `; ${WEIGHT_LABELS.matMul} on ${threadsLabel(matMul.threads)}: ` +
          `${fixed(msOf('matMul', matMul.threads) / f32MinimumMs(threads))}×`;
    return [
      checkTarget({
        issue: ISSUE,
        description: f32Description,
        value: ratio('float32', threads),
        comparison: 'at most',
        threshold: F32_VS_MINIMUM,
        measured: `${measured('float32', threads)}${beside}`,
      }),
      checkTarget({
        issue: ISSUE,
        description: int8Description,
        value: ratio('int8', threads),
        comparison: 'at most',
        threshold: INT8_VS_F32_MINIMUM,
        measured: measured('int8', threads),
      }),
    ];
  });
  const reads = bandwidth.reads.map(
    (read) => `${threadsLabel(read.threads)}: ${fixed(read.best, 1)} best, ${fixed(read.median, 1)} median`,
  );
  const probe =
    `${bandwidth.rounds} reads of ${bandwidth.bytes / 2 ** 20} MiB on each thread count, ` +
    'before and after decoding';
  return {
    suite: 'weights',
    inputs: {
      model: config.name,
      engine: input.engine,
      'read bandwidth (GB/s)': `${reads.join('; ')} (${probe})`,
      'decode context': context,
      load: input.load,
    },
    tables: [
      {
        title:
          `Decoding steps at context ${context}, the weight types and thread counts interleaved step by step ` +
          `(${steps} steps each); read minimum = bytes read / the best bandwidth on as many threads`,
        rows: [
          [
            'weights',
            'threads',
            'MB read per step',
            `max Δ log-prob vs ${WEIGHT_LABELS.matMul}`,
            'decode ms/token (median)',
            'fastest',
            'CPU ms/token (median)',
            'read minimum ms',
            'decode / own minimum',
            'decode / float32 minimum',
          ],
          ...runs.map((run) => {
            const ms = median(run.ms);
            const own = minimumMs(run.bytes, run.threads);
            return [
              WEIGHT_LABELS[run.weights],
              threadsLabel(run.threads),
              fixed(run.bytes / 1e6, 1),
              run.difference.toExponential(1),
              fixed(ms, 2),
              fixed(Math.min(...run.ms), 2),
              fixed(median(run.cpuMs), 2),
              fixed(own, 2),
              fixed(ms / own),
              fixed(ms / f32MinimumMs(run.threads)),
            ];
          }),
        ],
      },
    ],
    targets,
    data: {
      context,
      steps,
      bandwidth,
      runs,
      f32MinimumMs: Object.fromEntries(storedThreads.map((t) => [t, f32MinimumMs(t)])),
    },
    notes: [
      `Every weight type runs on ${input.engine}. ${WEIGHT_LABELS.matMul} reads the weights as loaded with ` +
        "TF.js's matMul (XNNPACK); the others replace the projections, MLPs and LM head of decoding steps with " +
        "@fewshot/kernels' SIMD products over a copy stored as that type (quantizeForDecoding): for float32 the " +
        "same values, a second copy in memory. On 2 threads a worker computes half of each stored product's output " +
        'columns on the same (shared) memory; the 1-thread rows run the same stores with the worker idle. The ' +
        'bandwidth is one thread, or two at once each reading half the region, summing WebAssembly memory with SIMD.',
      'The read minimum counts the weights a step reads once; the KV cache and the rest of the step come on top. ' +
        'CPU ms is the time the process ran during a step: on a machine busier than its cores it is what the step ' +
        'costs, while the wall-clock time, which the targets use, also holds the time it waited for a core.',
      input.load,
      ...(quick ? [`Quick mode: ${config.name}, context ${context}.`] : []),
    ],
  };
}
