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

/** What one weight type measured. */
export interface WeightRun {
  readonly weights: WeightType;
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
 * The suite's table, targets and notes: each weight type's decoding time against the time to read
 * its weights once at the best bandwidth measured (the read minimum), and issue 20's targets
 * against float32's minimum: the float32 target holds the stored float32 copy (the faster float32
 * path) and shows TF.js matMul's ratio beside it.
 */
export function weightsReport(input: WeightsReportInput): SuiteResult {
  const { quick, config, context, steps, bandwidth, runs } = input;
  const best = Math.max(...bandwidth.reads.map((read) => read.best));
  const minimumMs = (bytes: number): number => (bytes / (best * 1e9)) * 1000;
  // The float32 weights as loaded: what reading the model once costs, whichever path reads it.
  const f32MinimumMs = minimumMs(runs.find((run) => run.weights === 'matMul')?.bytes ?? Number.NaN);
  const msOf = (weights: WeightType): number => {
    const times = runs.find((run) => run.weights === weights)?.ms ?? [];
    return times.length === 0 ? Number.NaN : median(times);
  };
  const ratio = (weights: WeightType): number => msOf(weights) / f32MinimumMs;
  const measured = (weights: WeightType): string =>
    `${fixed(ratio(weights))}× (${fixed(msOf(weights), 1)} vs ${fixed(f32MinimumMs, 1)} ms)`;
  const f32Description =
    `float32 decode at ${context} ≤ ${F32_VS_MINIMUM}× the time to read its weights at the measured bandwidth ` +
    `(${WEIGHT_LABELS.float32})`;
  const int8Description = `int8 decode at ${context} faster than that float32 read minimum`;
  const shrunk = `quick mode: ${config.nLayer} layers and a vocabulary of ${config.vocabSize}, not GPT-2 small's shape`;
  const targets = quick
    ? [notMeasured(ISSUE, f32Description, shrunk), notMeasured(ISSUE, int8Description, shrunk)]
    : [
        checkTarget({
          issue: ISSUE,
          description: f32Description,
          value: ratio('float32'),
          comparison: 'at most',
          threshold: F32_VS_MINIMUM,
          measured: `${measured('float32')}; ${WEIGHT_LABELS.matMul}: ${measured('matMul')}`,
        }),
        checkTarget({
          issue: ISSUE,
          description: int8Description,
          value: ratio('int8'),
          comparison: 'at most',
          threshold: INT8_VS_F32_MINIMUM,
          measured: measured('int8'),
        }),
      ];
  const reads = bandwidth.reads.map((read) => `${fixed(read.best, 1)} best, ${fixed(read.median, 1)} median`);
  const probe = `${bandwidth.rounds} reads of ${bandwidth.bytes / 2 ** 20} MiB, before and after decoding`;
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
          `Decoding steps at context ${context}, the weight types interleaved step by step (${steps} steps each); ` +
          `read minimum = bytes read / ${fixed(best, 1)} GB/s`,
        rows: [
          [
            'weights',
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
            return [
              WEIGHT_LABELS[run.weights],
              fixed(run.bytes / 1e6, 1),
              run.difference.toExponential(1),
              fixed(ms, 2),
              fixed(Math.min(...run.ms), 2),
              fixed(median(run.cpuMs), 2),
              fixed(minimumMs(run.bytes), 2),
              fixed(ms / minimumMs(run.bytes)),
              fixed(ms / f32MinimumMs),
            ];
          }),
        ],
      },
    ],
    targets,
    data: { context, steps, bandwidth, runs, f32MinimumMs },
    notes: [
      `Every weight type runs on ${input.engine}. ${WEIGHT_LABELS.matMul} reads the weights as loaded with ` +
        "TF.js's matMul (XNNPACK); the others replace the projections, MLPs and LM head of decoding steps with " +
        "@fewshot/kernels' SIMD products over a copy stored as that type (quantizeForDecoding): for float32 the " +
        'same values, a second copy in memory. The bandwidth is one thread reading WebAssembly memory with SIMD sums.',
      'The read minimum counts the weights a step reads once; the KV cache and the rest of the step come on top. ' +
        'CPU ms is the time the process ran during a step: on a machine busier than its cores it is what the step ' +
        'costs, while the wall-clock time, which the targets use, also holds the time it waited for a core.',
      input.load,
      ...(quick ? [`Quick mode: ${config.name}, context ${context}.`] : []),
    ],
  };
}
