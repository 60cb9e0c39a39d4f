import { GptModel } from '@fewshot/model';
import { selectBackend } from '@fewshot/model/node';
import { type GenerationOptions, generate } from '@fewshot/sampling';
import { getEncoding } from '@fewshot/tokenizer';
import { renderBarChart } from '@fewshot/common';
import { median } from '../../framework/stats.js';
import type { Suite, SuiteOptions, SuiteResult } from '../../framework/suite.js';
import { type TargetCheck, checkTarget, notMeasured } from '../../framework/targets.js';
import { decodeAt } from '../model/generation-timing.js';
import { earlierDecodeTime } from '../model/model-suite.js';
import { QUICK_LAYERS, gpt3SmallShape } from '../model/shapes.js';
import { type LogitsShape, flatLogits, replayModel, zipfLogits } from './logits-fixtures.js';
import { recordSorts } from './sort-probe.js';

/** GPT-2/GPT-3's vocabulary. */
const VOCAB_SIZE = 50_257;
/** The model time sampling is compared with: GPT-3 Small's cached decoding at this context. */
const MODEL_CONTEXT = 128;
/** Issue 5: sampling must be a small fraction of model time; we read "small" as at most this share. */
const SHARE_TARGET = 0.1;
const PROMPT = Array.from({ length: 16 }, (_, i) => (i * 7919 + 13) % VOCAB_SIZE);

/** Each strategy as a user asks for it through `generate`'s options. */
const STRATEGIES: readonly { readonly name: string; readonly options: GenerationOptions }[] = [
  { name: 'greedy', options: { temperature: 0 } },
  { name: 'temperature 0.7', options: { temperature: 0.7 } },
  { name: 'top-k 40', options: { topK: 40 } },
  { name: 'top-p 0.9', options: { topP: 0.9 } },
  { name: 'min-p 0.05', options: { minP: 0.05 } },
  { name: 'typical-p 0.9', options: { typicalP: 0.9 } },
  { name: 'repetition penalty 1.2', options: { repetitionPenalty: 1.2 } },
  { name: 'presence + frequency 0.5', options: { presencePenalty: 0.5, frequencyPenalty: 0.5 } },
  {
    name: 'combined (T 0.7, top-k 40, top-p 0.9, rep. 1.1)',
    options: { temperature: 0.7, topK: 40, topP: 0.9, repetitionPenalty: 1.1 },
  },
  { name: 'beam 4', options: { numBeams: 4, lengthNormalization: 'gnmt', lengthPenalty: 0.6 } },
];

interface Row {
  readonly strategy: string;
  readonly distribution: string;
  /** Median over runs of sampling ms per sampling step (one per token; one per beam per step). */
  readonly msPerStep: number;
  /**
   * Median wall-clock ms per generated position of the whole loop with a free model (sampling, text decoding,
   * bookkeeping).
   */
  readonly loopMsPerToken: number;
  readonly longestSort: number;
}

/** The model's cached-decode ms/token: the model suite's figure from this run, else measured here. */
async function modelDecodeTime(
  quick: boolean,
  earlier: SuiteOptions['earlier'],
  log: (line: string) => void,
): Promise<{ model: string; ms: number; source: string }> {
  const reused = earlierDecodeTime(earlier, MODEL_CONTEXT);
  if (reused !== undefined) return { ...reused, source: 'the model suite, this run' };
  await selectBackend('wasm');
  const config = gpt3SmallShape(quick ? QUICK_LAYERS : undefined);
  log(`measuring ${config.name} cached decoding at context ${MODEL_CONTEXT} (the model suite did not run)`);
  const model = GptModel.create(config, { seed: 1 });
  try {
    return {
      model: config.name,
      ms: await decodeAt(model, MODEL_CONTEXT, quick ? 4 : 8),
      source: 'measured by this suite',
    };
  } finally {
    model.dispose();
  }
}

/** A full sort of one vocabulary-sized row, for scale: what a sort-based top-p would pay per token at least. */
function fullSortMs(rows: readonly Float32Array[], repeats: number): number {
  const times = Array.from({ length: repeats }, (_, i) => {
    const copy = rows[i % rows.length]!.slice();
    const start = performance.now();
    copy.sort();
    return performance.now() - start;
  });
  return median(times);
}

type Decoder = ReturnType<typeof getEncoding>;

async function measureStrategy(
  shape: LogitsShape,
  rows: readonly Float32Array[],
  strategy: (typeof STRATEGIES)[number],
  decoder: Decoder,
  tokens: number,
  repeats: number,
): Promise<Row> {
  const run = async (): Promise<{ msPerStep: number; loopMsPerToken: number }> => {
    const model = replayModel(rows, PROMPT.length + tokens + 1);
    const start = performance.now();
    const result = await generate({
      model,
      decoder,
      prompt: PROMPT,
      maxNewTokens: tokens,
      seed: 1,
      ...strategy.options,
    });
    const wallMs = performance.now() - start;
    const positions = Math.max(...result.completions.map((completion) => completion.tokens.length));
    return { msPerStep: result.timing.samplingMs / result.timing.samplingSteps, loopMsPerToken: wallMs / positions };
  };
  // The untimed warm-up run is also the one that records sorts.
  const sorts = await recordSorts(run);
  const runs = [];
  for (let i = 0; i < repeats; i++) runs.push(await run());
  return {
    strategy: strategy.name,
    distribution: shape.name,
    msPerStep: median(runs.map((r) => r.msPerStep)),
    loopMsPerToken: median(runs.map((r) => r.loopMsPerToken)),
    longestSort: sorts.longest,
  };
}

const fixed = (value: number, digits = 2): string => (Number.isFinite(value) ? value.toFixed(digits) : '—');

export const samplingSuite: Suite = {
  name: 'sampling',
  description:
    'time per token of each decoding strategy of @fewshot/sampling at vocabulary ' +
    `${VOCAB_SIZE.toLocaleString('en')}, next to the model's decode time`,
  async run({ quick, log, earlier }: SuiteOptions): Promise<SuiteResult> {
    const tokens = quick ? 16 : 128;
    const repeats = quick ? 1 : 5;
    const shapes = [zipfLogits(1.1), flatLogits(2)];
    const rowsByShape = new Map(shapes.map((shape, i) => [shape.name, shape.rows(VOCAB_SIZE, 8, i + 1)]));
    const sortMs = fullSortMs(rowsByShape.get(shapes[0]!.name)!, quick ? 3 : 9);
    log(`a full sort of ${VOCAB_SIZE} logits: ${fixed(sortMs)} ms`);

    const decoder = getEncoding('r50k_base');
    const rows: Row[] = [];
    for (const shape of shapes) {
      for (const strategy of STRATEGIES) {
        const row = await measureStrategy(shape, rowsByShape.get(shape.name)!, strategy, decoder, tokens, repeats);
        log(`${shape.name} ${strategy.name}: ${fixed(row.msPerStep, 3)} ms per step, longest sort ${row.longestSort}`);
        rows.push(row);
      }
    }
    const model = await modelDecodeTime(quick, earlier, log);
    log(`model: ${model.model} ${fixed(model.ms, 1)} ms/token (${model.source})`);

    const worst = rows.reduce((a, b) => (b.msPerStep > a.msPerStep ? b : a));
    const longestSort = Math.max(...rows.map((row) => row.longestSort));
    const longestRow = rows.find((row) => row.longestSort === longestSort)!;
    const shareDescription =
      `sampling ≤ ${SHARE_TARGET * 100}% of GPT-3 Small's cached-decode ` +
      'time per token (every strategy, both distributions; worst shown)';
    const shareMeasured =
      `${fixed((worst.msPerStep / model.ms) * 100, 1)}% (${worst.strategy}, ` +
      `${worst.distribution}: ${fixed(worst.msPerStep, 3)} of ${fixed(model.ms, 1)} ms)`;
    const targets: TargetCheck[] = [
      // A reduced model's decode time is not GPT-3 Small's: the share against it says nothing about the target.
      model.model === gpt3SmallShape().name
        ? checkTarget({
            issue: 5,
            description: shareDescription,
            value: worst.msPerStep / model.ms,
            comparison: 'at most',
            threshold: SHARE_TARGET,
            measured: shareMeasured,
          })
        : notMeasured(
            5,
            shareDescription,
            `quick mode's model is ${model.model}: ${shareMeasured}; the full run measures it`,
          ),
      checkTarget({
        issue: 5,
        description:
          `no full sort of the ${VOCAB_SIZE.toLocaleString('en')}-token ` +
          'vocabulary per token (longest sort any strategy ran)',
        value: longestSort,
        comparison: 'at most',
        threshold: VOCAB_SIZE - 1,
        measured: `${longestSort} elements (${longestRow.strategy}, ${longestRow.distribution})`,
      }),
    ];
    const table = (shape: LogitsShape): { title: string; rows: string[][] } => ({
      title: `${shape.name}: ${shape.describe}`,
      rows: [
        [
          'strategy',
          'sampling ms/step',
          'whole loop ms/token',
          'share of model time',
          'longest sort',
          'vs one full sort',
        ],
        ...rows
          .filter((row) => row.distribution === shape.name)
          .map((row) => [
            row.strategy,
            fixed(row.msPerStep, 3),
            fixed(row.loopMsPerToken, 3),
            `${fixed((row.msPerStep / model.ms) * 100, 2)}%`,
            String(row.longestSort),
            `${fixed(row.msPerStep / sortMs, 2)}×`,
          ]),
      ],
    });
    return {
      suite: 'sampling',
      inputs: {
        vocabulary: VOCAB_SIZE,
        pipeline:
          '`generate` of @fewshot/sampling with a model that replays prepared logits ' +
          '(its forward pass costs nothing), the r50k_base tokenizer as decoder',
        'tokens per run':
          `${tokens} after a ${PROMPT.length}-token prompt; 1 warm-up ` +
          `run (it also records sorts) + ${repeats} timed (median)`,
        'sampling time':
          'GenerationResult.timing: processors, warpers and the draw (or the beam step), per sampling step',
        'model time':
          `${model.model}, cached decoding at context ${MODEL_CONTEXT}: ` +
          `${fixed(model.ms, 1)} ms/token (${model.source})`,
        'full sort': `${fixed(sortMs)} ms for one Float32Array of ${VOCAB_SIZE} (for scale)`,
      },
      ...(model.model.includes('layers')
        ? {
            notes: [
              `The model time is that of ${model.model}: fewer layers than GPT-3 Small, ` +
                'so the share of sampling shown is larger than against the full model.',
            ],
          }
        : {}),
      tables: shapes.map(table),
      targets,
      data: { rows, modelMs: model.ms, model: model.model, modelSource: model.source, fullSortMs: sortMs },
      files: [
        {
          name: 'sampling.svg',
          content: renderBarChart({
            title: `Sampling ms per step, vocabulary ${VOCAB_SIZE}`,
            unit: 'ms',
            groups: STRATEGIES.map((strategy) => ({
              label: strategy.name,
              bars: shapes.map((shape) => ({
                series: shape.name,
                value:
                  rows.find((row) => row.strategy === strategy.name && row.distribution === shape.name)?.msPerStep ?? 0,
              })),
            })),
            reference: { label: `model ${fixed(model.ms, 1)} ms × ${SHARE_TARGET}`, value: model.ms * SHARE_TARGET },
          }),
        },
      ],
    };
  },
};
