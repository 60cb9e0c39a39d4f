import type { AttentionPattern } from '@fewshot/config';
import { attend, selectBackend } from '@fewshot/model';
import * as tf from '@tensorflow/tfjs-core';
import { median } from '../../framework/stats.js';
import type { Suite, SuiteOptions, SuiteResult } from '../../framework/suite.js';
import { renderLogLogChart } from './log-log-chart.js';

/** One GPT-2 small / GPT-3 Small attention layer: 12 heads of 64. */
const HEADS = 12;
const HEAD_SIZE = 64;
const WINDOW = 256;
/** The issue's targets, at n = 4096: local ≥ 5× faster than dense, its peak memory flat in n. */
const TARGET_LENGTH = 4096;
const SPEEDUP_TARGET = 5;
/** "Flat": the score memory of local attention may not grow with n beyond this factor per doubling of n (q/k/v and the output do grow linearly). */
const MEMORY_GROWTH_LIMIT = 2.2;

const PATTERNS: readonly { readonly name: string; readonly pattern: AttentionPattern }[] = [
  { name: 'dense', pattern: { type: 'dense' } },
  { name: `local(${WINDOW})`, pattern: { type: 'local', window: WINDOW } },
];

interface Point {
  readonly pattern: string;
  readonly n: number;
  /** Median ms, or undefined when it failed (e.g. out of memory). */
  readonly ms: number | undefined;
  /** Peak bytes allocated above the inputs while it ran. */
  readonly peakBytes: number | undefined;
  /** The same less the output, `[1, heads, n, headSize]`: the working memory (scores, softmax, block pieces). */
  readonly workingBytes: number | undefined;
  readonly error?: string;
}

/**
 * Times `repeats` attention calls; the first runs under tf.profile, which also gives its peak
 * tensor memory (so a single call yields both, which keeps quick mode's n = 4096 dense affordable).
 */
async function measure(pattern: AttentionPattern, name: string, n: number, repeats: number): Promise<Point> {
  const [q, k, v] = [0, 1, 2].map(() => tf.randomNormal([1, HEADS, n, HEAD_SIZE]));
  const options = { queryStart: 0, keyStart: 0, scale: 1 / Math.sqrt(HEAD_SIZE), dropout: 0, training: false };
  const run = (): void => {
    attend(pattern, q!, k!, v!, options).dispose();
  };
  try {
    const before = tf.memory().numBytes;
    const timed = async (call: () => Promise<unknown>): Promise<number> => {
      const start = performance.now();
      await call();
      return performance.now() - start;
    };
    let peak = 0;
    const times = [
      await timed(async () => {
        peak = (await tf.profile(run)).peakBytes;
      }),
    ];
    for (let i = 1; i < repeats; i++) {
      times.push(
        await timed(() => {
          run();
          return Promise.resolve();
        }),
      );
    }
    const peakBytes = peak - before;
    return { pattern: name, n, ms: median(times), peakBytes, workingBytes: peakBytes - 4 * HEADS * n * HEAD_SIZE };
  } catch (error) {
    return { pattern: name, n, ms: undefined, peakBytes: undefined, workingBytes: undefined, error: (error as Error).message.split('\n')[0] ?? '' };
  } finally {
    for (const tensor of [q, k, v]) tensor?.dispose();
  }
}

const mib = (bytes: number | undefined): string => (bytes === undefined ? '—' : (bytes / 2 ** 20).toFixed(1));
const ms = (value: number | undefined): string => (value === undefined ? '—' : value.toFixed(1));

export const attentionSuite: Suite = {
  name: 'attention',
  description: `one attention layer (${HEADS} heads of ${HEAD_SIZE}) on WASM: dense vs local(${WINDOW}), time and peak memory as n grows`,
  async run({ quick, log }: SuiteOptions): Promise<SuiteResult> {
    const backend = await selectBackend('wasm');
    const lengths = quick ? [512, 1024, 2048, TARGET_LENGTH] : [512, 1024, 2048, 4096, 8192];
    const repeats = quick ? 1 : 3;
    const points: Point[] = [];
    for (const n of lengths) {
      for (const { name, pattern } of PATTERNS) {
        const point = await measure(pattern, name, n, repeats);
        log(`attention: ${name} n=${n} ${point.error ?? `${ms(point.ms)} ms, peak ${mib(point.peakBytes)} MiB`}`);
        points.push(point);
      }
    }
    const find = (pattern: string, n: number): Point | undefined => points.find((point) => point.pattern === pattern && point.n === n);
    const dense = find('dense', TARGET_LENGTH);
    const local = find(PATTERNS[1]!.name, TARGET_LENGTH);
    const speedup = (dense?.ms ?? Number.NaN) / (local?.ms ?? Number.NaN);
    const localPeaks = lengths.map((n) => find(PATTERNS[1]!.name, n)?.peakBytes ?? Number.NaN);
    // Growth per doubling of n, the worst step: 2 is linear (the output itself), 4 quadratic.
    const growth = Math.max(...localPeaks.slice(1).map((peak, i) => peak / localPeaks[i]!));
    const scoreBytes = (n: number): number => 4 * HEADS * n * n;
    const chart = renderLogLogChart({
      title: `Attention, ${HEADS} heads × ${HEAD_SIZE}, WASM`,
      xLabel: 'sequence length n',
      yLabel: 'ms per layer',
      series: PATTERNS.map(({ name }) => ({ name, points: lengths.flatMap((n) => { const t = find(name, n)?.ms; return t === undefined ? [] : [[n, t] as const]; }) })),
    });
    return {
      suite: 'attention',
      inputs: {
        layer: `batch 1, ${HEADS} heads × ${HEAD_SIZE}, causal`,
        backend: `${backend.tfjsBackend} (${backend.reason})`,
        repeats: `${repeats} (median; the first under tf.profile)`,
        memory: 'peak tf.memory().numBytes above the inputs during one call (tf.profile)',
      },
      tables: [
        {
          title: 'Time and peak memory per layer',
          rows: [
            ['n', 'dense ms', `local(${WINDOW}) ms`, 'speedup', 'dense peak MiB', `local(${WINDOW}) peak MiB`, 'one n×n score matrix MiB'],
            ...lengths.map((n) => {
              const d = find('dense', n);
              const l = find(PATTERNS[1]!.name, n);
              return [String(n), d?.error === undefined ? ms(d?.ms) : `failed: ${d.error}`, ms(l?.ms), `${((d?.ms ?? Number.NaN) / (l?.ms ?? Number.NaN)).toFixed(1)}×`, mib(d?.peakBytes), mib(l?.peakBytes), mib(scoreBytes(n))];
            }),
          ],
        },
      ],
      targets: [
        {
          description: `local(${WINDOW}) ≥ ${SPEEDUP_TARGET}× faster than dense at n = ${TARGET_LENGTH}`,
          measured: `${speedup.toFixed(1)}× (${ms(dense?.ms)} vs ${ms(local?.ms)} ms)`,
          met: speedup >= SPEEDUP_TARGET,
        },
        {
          description: `local(${WINDOW}) peak memory linear in n (inputs/outputs), no n×n scores: ≤ ${MEMORY_GROWTH_LIMIT}× per doubling of n`,
          measured: `${growth.toFixed(2)}× worst doubling (${localPeaks.map((peak) => mib(peak)).join(', ')} MiB)`,
          met: growth <= MEMORY_GROWTH_LIMIT,
        },
      ],
      data: { points },
      files: [{ name: 'attention.svg', content: chart }],
    };
  },
};
