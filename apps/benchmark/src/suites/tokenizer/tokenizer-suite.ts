import { trainBpe } from '@fewshot/tokenizer';
import { renderBarChart } from '@fewshot/common';
import { packageVersion } from '../../framework/environment.js';
import { measureInterleaved } from '../../framework/measure.js';
import type { Summary } from '../../framework/stats.js';
import type { Suite, SuiteOptions, SuiteResult } from '../../framework/suite.js';
import { type TargetCheck, checkCondition, checkTarget } from '../../framework/targets.js';
import { CONTENDERS, type TokenizerContender } from './contenders.js';
import { buildCorpus } from './corpus.js';

const OURS = '@fewshot/tokenizer';
/** The issue's targets: encode ≥ 2× and decode ≥ 1× the fastest peer, with identical ids. */
const ENCODE_TARGET = 2;
const DECODE_TARGET = 1;
/** And training a BPE on a few MB takes "seconds to a minute". */
const TRAINING_SECONDS_TARGET = 60;
const TRAINING_VOCAB = 4096;

interface Loaded {
  readonly contender: TokenizerContender;
  readonly initMs: number;
  readonly memoryMiB: number;
}

function memoryInUse(): number {
  (globalThis as { gc?: () => void }).gc?.();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external + usage.arrayBuffers;
}

/** Loads contenders one after the other, timing each and measuring the memory it keeps. */
async function loadAll(): Promise<Loaded[]> {
  const loaded: Loaded[] = [];
  for (const loader of CONTENDERS) {
    const before = memoryInUse();
    const start = performance.now();
    const parts = await loader.load();
    const initMs = performance.now() - start;
    const memoryMiB = (memoryInUse() - before) / 2 ** 20;
    loaded.push({
      contender: { ...parts, name: loader.name, version: packageVersion(loader.packageName) },
      initMs,
      memoryMiB,
    });
  }
  return loaded;
}

/** Index of the first difference between two id sequences, or -1. */
function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : length;
}

const fixed = (value: number, digits = 2): string => value.toFixed(digits);

export const tokenizerSuite: Suite = {
  name: 'tokenizer',
  description:
    'r50k_base encode/decode of a mixed corpus: @fewshot/tokenizer vs js-tiktoken, gpt-tokenizer, tiktoken (WASM)',
  async run({ quick, log }: SuiteOptions): Promise<SuiteResult> {
    const corpus = buildCorpus(quick ? 1_000_000 : 4_000_000);
    const megabytes = corpus.bytes / 1e6;
    log(`corpus of ${fixed(megabytes)} MB`);
    const loaded = await loadAll();
    const [ours, ...peers] = loaded;
    if (ours?.contender.name !== OURS) throw new Error(`the first contender must be ${OURS}`);

    const reference = Array.from(ours.contender.encode(corpus.text));
    const mismatches = peers.map(({ contender }) => ({
      name: contender.name,
      at: firstDifference(contender.encode(corpus.text), reference),
    }));
    for (const { name, at } of mismatches) log(`${name} ids ${at === -1 ? 'identical' : `differ at index ${at}`}`);

    const options = quick ? { warmup: 1, repeats: 2 } : { warmup: 2, repeats: 7 };
    log(`encode, ${options.repeats} interleaved rounds`);
    const encode = measureInterleaved(
      loaded.map(({ contender }) => ({ name: contender.name, run: () => contender.encode(corpus.text) })),
      options,
    );
    log(`decode, ${options.repeats} interleaved rounds`);
    const decode = measureInterleaved(
      loaded.map(({ contender }) => ({ name: contender.name, run: () => contender.decode(reference) })),
      options,
    );
    const decodedCorrectly = ours.contender.decode(reference) === corpus.text;
    for (const { contender } of loaded) contender.dispose();

    const mbPerSecond = (summary: Summary): number => megabytes / (summary.median / 1000);
    const speed = (table: Map<string, Summary>, name: string): number => mbPerSecond(table.get(name)!);
    const fastestPeer = (table: Map<string, Summary>): { name: string; speed: number } =>
      peers
        .map(({ contender }) => ({ name: contender.name, speed: speed(table, contender.name) }))
        .sort((a, b) => b.speed - a.speed)[0]!;
    const encodeBest = fastestPeer(encode);
    const decodeBest = fastestPeer(decode);
    const encodeRatio = speed(encode, OURS) / encodeBest.speed;
    const decodeRatio = speed(decode, OURS) / decodeBest.speed;
    const identical = mismatches.every(({ at }) => at === -1);

    const rows = loaded.map(({ contender, initMs, memoryMiB }) => {
      const enc = encode.get(contender.name)!;
      const dec = decode.get(contender.name)!;
      return {
        name: contender.name,
        version: contender.version,
        initMs,
        memoryMiB,
        encode: {
          ...enc,
          mbPerSecond: mbPerSecond(enc),
          tokensPerSecond: reference.length / (enc.median / 1000),
          ratioToOurs: speed(encode, OURS) / mbPerSecond(enc),
        },
        decode: {
          ...dec,
          mbPerSecond: mbPerSecond(dec),
          tokensPerSecond: reference.length / (dec.median / 1000),
          ratioToOurs: speed(decode, OURS) / mbPerSecond(dec),
        },
        identicalIds: contender.name === OURS ? true : mismatches.find((m) => m.name === contender.name)?.at === -1,
      };
    });
    // The issue: training a byte-level BPE on a few MB takes seconds to a minute, not hours.
    const trainingText = corpus.text.slice(0, quick ? 1_000_000 : 3_000_000);
    const trainingMegabytes = Buffer.byteLength(trainingText) / 1e6;
    log(`training a ${TRAINING_VOCAB}-token BPE on ${fixed(trainingMegabytes)} MB`);
    const trainingStart = performance.now();
    trainBpe(trainingText, { vocabSize: TRAINING_VOCAB, specialTokens: ['<|endoftext|>'] });
    const trainingSeconds = (performance.now() - trainingStart) / 1000;

    const targets: TargetCheck[] = [
      checkCondition(
        3,
        'identical ids from all four tokenizers',
        identical,
        identical ? 'identical' : mismatches.map((m) => `${m.name}: first difference at ${m.at}`).join(', '),
      ),
      checkTarget({
        issue: 3,
        description: `encode ≥ ${ENCODE_TARGET}× the fastest peer (${encodeBest.name}), with identical ids`,
        value: identical ? encodeRatio : Number.NaN,
        comparison: 'at least',
        threshold: ENCODE_TARGET,
        measured: `${fixed(encodeRatio)}×`,
      }),
      checkTarget({
        issue: 3,
        description: `decode ≥ ${DECODE_TARGET}× the fastest peer (${decodeBest.name})`,
        value: decodeRatio,
        comparison: 'at least',
        threshold: DECODE_TARGET,
        measured: `${fixed(decodeRatio)}×`,
      }),
      checkCondition(3, 'decode(encode(corpus)) === corpus', decodedCorrectly, String(decodedCorrectly)),
      checkTarget({
        issue: 3,
        description:
          `BPE training (vocabulary ${TRAINING_VOCAB}) on ` +
          `${fixed(trainingMegabytes)} MB within ${TRAINING_SECONDS_TARGET} s`,
        value: trainingSeconds,
        comparison: 'at most',
        threshold: TRAINING_SECONDS_TARGET,
        measured: `${fixed(trainingSeconds, 1)} s`,
      }),
    ];
    return {
      suite: 'tokenizer',
      inputs: {
        'corpus MB (UTF-8)': fixed(megabytes),
        'corpus tokens': reference.length,
        composition: Object.entries(corpus.composition)
          .map(([kind, chars]) => `${kind} ${chars} chars`)
          .join(', '),
        rounds: `${options.warmup} warm-up + ${options.repeats} timed, interleaved`,
      },
      tables: [
        {
          title: 'Throughput (median of rounds; min–max in ms)',
          rows: [
            [
              'tokenizer',
              'version',
              'init ms',
              'memory MiB',
              'encode MB/s',
              'encode Mtok/s',
              'encode ms (min–max)',
              'ours ÷ it (encode)',
              'decode MB/s',
              'decode ms (min–max)',
              'ours ÷ it (decode)',
              'same ids',
            ],
            ...rows.map((row) => [
              row.name,
              row.version,
              fixed(row.initMs, 1),
              fixed(row.memoryMiB, 1),
              fixed(row.encode.mbPerSecond),
              fixed(row.encode.tokensPerSecond / 1e6, 3),
              `${fixed(row.encode.median, 0)} (${fixed(row.encode.min, 0)}–${fixed(row.encode.max, 0)})`,
              `${fixed(row.encode.ratioToOurs)}×`,
              fixed(row.decode.mbPerSecond),
              `${fixed(row.decode.median, 0)} (${fixed(row.decode.min, 0)}–${fixed(row.decode.max, 0)})`,
              `${fixed(row.decode.ratioToOurs)}×`,
              row.identicalIds ? 'yes' : 'NO',
            ]),
          ],
        },
      ],
      targets,
      data: {
        rows,
        trainingSeconds,
        trainingMegabytes,
        encodeRatio,
        decodeRatio,
        fastestEncodePeer: encodeBest.name,
        fastestDecodePeer: decodeBest.name,
      },
      files: [
        {
          name: 'tokenizer.svg',
          content: renderBarChart({
            title: `r50k_base on a ${fixed(megabytes)} MB mixed corpus`,
            unit: 'MB/s',
            groups: rows.map((row) => ({
              label: row.name,
              bars: [
                { series: 'encode', value: row.encode.mbPerSecond },
                { series: 'decode', value: row.decode.mbPerSecond },
              ],
            })),
          }),
        },
      ],
    };
  },
};
