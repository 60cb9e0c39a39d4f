import { availableParallelism, loadavg } from 'node:os';
import type { ModelConfig } from '@fewshot/config';
import { type DecodingWeights, measureReadBandwidth, quantizeForDecoding } from '@fewshot/kernels';
import { GptModel, type KvCache } from '@fewshot/model';
import { selectBackend } from '@fewshot/model/node';
import { median } from '../../framework/stats.js';
import type { Suite, SuiteOptions, SuiteResult } from '../../framework/suite.js';
import { sampleIds } from '../model/generation-timing.js';
import { fixed, logProbDifference } from '../onnx/engine-timing.js';
import { gpt2SmallShape } from '../onnx/onnx-suite.js';
import { type BandwidthRead, WEIGHT_LABELS, type WeightType, threadsLabel, weightsReport } from './weights-report.js';

const SEED = 20;

interface Sizes {
  readonly context: number;
  readonly steps: number;
  readonly warmupSteps: number;
  readonly bandwidthBytes: number;
  readonly bandwidthRounds: number;
}
const FULL: Sizes = { context: 128, steps: 16, warmupSteps: 3, bandwidthBytes: 256 * 2 ** 20, bandwidthRounds: 7 };
const QUICK: Sizes = { context: 32, steps: 2, warmupSteps: 1, bandwidthBytes: 64 * 2 ** 20, bandwidthRounds: 2 };

/** Thread counts of the stored products: each stored type decodes on both, step by step in turn. */
const STORED_THREADS = [1, 2] as const;

/**
 * One contender: a model (its own copy of the same weights), the copy its decoding steps read, if
 * any, and the threads they run on. The two thread counts of a stored type share its model and its
 * two-thread store (one model per type: seven copies of GPT-2 small would not fit the WASM heap's
 * 4 GiB), each with a cache of its own; the store runs on one thread for the one-thread steps.
 */
interface Contender {
  readonly weights: WeightType;
  readonly threads: number;
  readonly model: GptModel;
  readonly stored?: DecodingWeights;
  readonly cache: KvCache;
  readonly ms: number[];
  readonly cpuMs: number[];
}

/** Next-token logits after `ids`, from a cache of their own. */
async function logitsAfter(model: GptModel, ids: readonly number[]): Promise<Float32Array> {
  const cache = model.createCache();
  try {
    return Float32Array.from(await model.nextTokenLogits(ids, cache));
  } finally {
    cache.dispose();
  }
}

/**
 * Decoding steps of every contender at `sizes.context`, one step each in turn so that load from
 * elsewhere falls on all alike; each cache holds the same prompt, then untimed steps.
 */
async function decodeSideBySide(contenders: readonly Contender[], config: ModelConfig, sizes: Sizes): Promise<void> {
  const prompt = sampleIds(sizes.context - sizes.steps - sizes.warmupSteps, config.vocabSize);
  for (const { model, cache } of contenders) await model.nextTokenLogits(prompt, cache);
  for (let i = 0; i < sizes.warmupSteps + sizes.steps; i++) {
    const [id = 0] = sampleIds(1, config.vocabSize, prompt.length + i);
    for (const { model, stored, threads, cache, ms, cpuMs } of contenders) {
      stored?.useThreads(threads);
      const cpu = process.cpuUsage();
      const start = performance.now();
      await model.nextTokenLogits([id], cache);
      const elapsed = performance.now() - start;
      const { user, system } = process.cpuUsage(cpu);
      if (i < sizes.warmupSteps) continue;
      ms.push(elapsed);
      cpuMs.push((user + system) / 1000);
    }
  }
}

const loadAverage = (): string =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(', ');

export const weightsSuite: Suite = {
  name: 'weights',
  description:
    'GPT-2 small shape, one set of random weights: decode ms/token with float32 through tfjs matMul and with ' +
    'float32, float16 and int8 copies through SIMD kernels on 1 and 2 threads, side by side, against ' +
    "this machine's read bandwidth on as many threads",
  async run({ quick, log }: SuiteOptions): Promise<SuiteResult> {
    const sizes = quick ? QUICK : FULL;
    const config = gpt2SmallShape(quick);
    const loadBefore = loadAverage();
    const backend = await selectBackend('wasm');
    const engine =
      `fewshot, tfjs ${backend.tfjsBackend} on ${threadsLabel(backend.threads)}; ` +
      'the stored products on the threads their row names';
    const readBandwidth = async (): Promise<BandwidthRead[]> => {
      const reads: BandwidthRead[] = [];
      for (const threads of STORED_THREADS) {
        const { bandwidthBytes: bytes, bandwidthRounds: rounds } = sizes;
        const read = await measureReadBandwidth({ bytes, rounds, threads });
        log(
          `read bandwidth, ${threadsLabel(threads)}: best ${fixed(read.best, 1)} GB/s, median ${fixed(read.median, 1)}`,
        );
        reads.push(read);
      }
      return reads;
    };
    const reads = await readBandwidth();
    const contenders: Contender[] = [];
    try {
      // The weights as loaded first: every other type's log-probabilities are compared with theirs.
      for (const weights of ['matMul', 'float32', 'int8', 'float16'] as const) {
        log(`${config.name}, random weights (seed ${SEED}), ${WEIGHT_LABELS[weights]}`);
        const model = GptModel.create(config, { seed: SEED });
        const start = performance.now();
        const stored = weights === 'matMul' ? undefined : await quantizeForDecoding(model, weights, { threads: 2 });
        if (stored === undefined) {
          contenders.push({ weights, threads: backend.threads, model, cache: model.createCache(), ms: [], cpuMs: [] });
          continue;
        }
        log(`${weights}: ${fixed(stored.bytes / 1e6, 1)} MB in ${fixed((performance.now() - start) / 1000, 1)} s`);
        for (const threads of STORED_THREADS) {
          contenders.push({ weights, threads, model, stored, cache: model.createCache(), ms: [], cpuMs: [] });
        }
      }
      const checkIds = sampleIds(16, config.vocabSize, 3);
      const logits: Float32Array[] = [];
      for (const { model, stored, threads } of contenders) {
        stored?.useThreads(threads);
        logits.push(await logitsAfter(model, checkIds));
      }
      log(`decoding at context ${sizes.context}: ${sizes.steps} timed steps per weight type, interleaved`);
      await decodeSideBySide(contenders, config, sizes);
      for (const { weights, threads, ms, cpuMs } of contenders) {
        const what = `${WEIGHT_LABELS[weights]}, ${threadsLabel(threads)}`;
        log(`${what}: ${fixed(median(ms), 2)} ms/token (CPU ${fixed(median(cpuMs), 2)} ms)`);
      }
      reads.push(...(await readBandwidth()));
      const float32Bytes = contenders.find(({ stored }) => stored !== undefined)?.stored?.float32Bytes ?? Number.NaN;
      const runs = contenders.map(({ weights, threads, stored, ms, cpuMs }, i) => ({
        weights,
        threads,
        bytes: stored?.bytes ?? float32Bytes,
        difference: logProbDifference(logits[i] ?? new Float32Array(), logits[0] ?? new Float32Array()),
        ms,
        cpuMs,
      }));
      const load =
        `load average (1, 5, 15 min) ${loadBefore} before, ${loadAverage()} after, on ` +
        `${availableParallelism()} cores`;
      const bandwidth = { bytes: sizes.bandwidthBytes, rounds: sizes.bandwidthRounds, reads };
      const { context, steps } = sizes;
      return weightsReport({ quick, config, context, steps, bandwidth, runs, engine, load });
    } finally {
      for (const { cache } of contenders) cache.dispose();
      // The two thread counts of a stored type share its model and its store.
      for (const stored of new Set(contenders.map((contender) => contender.stored))) stored?.dispose();
      for (const model of new Set(contenders.map((contender) => contender.model))) model.dispose();
    }
  },
};
