import type { ModelConfig } from '@fewshot/config';
import { GptModel } from '@fewshot/model';
import { type BackendName, selectBackend } from '@fewshot/model/node';
import { renderBarChart } from '@fewshot/common';
import type { Suite, SuiteOptions, SuiteResult } from '../../framework/suite.js';
import { type TargetCheck, checkTarget, notMeasured } from '../../framework/targets.js';
import { defaultModelSource, describeShape } from '../default-model.js';
import { gpt3SmallShape } from '../model/shapes.js';
import {
  ONE_DNN_TRAINING_TARGET,
  type OneDnnTraining,
  compareOneDnnTraining,
  oneDnnTrainingTarget,
} from './onednn-training.js';
import { type StepPlan, type TrainingTiming, timeTrainer, timeTrainingSteps } from './training-steps.js';
import {
  measureScaling,
  scalingBars,
  scalingMethod,
  scalingNote,
  scalingTable,
  scalingTarget,
} from './worker-scaling-report.js';

/** Issue 6: a training step at ≥ 40% of the WASM matMul ceiling for the default model's shape. */
const MFU_TARGET = 0.4;

interface Row {
  readonly backend: BackendName;
  readonly model: string;
  readonly method: string;
  readonly timing?: TrainingTiming;
  readonly absent?: string;
  /** The run failed (e.g. GPT-3 Small's weights, gradients and Adam moments do not fit the 4 GB WASM heap). */
  readonly failed?: string;
}

interface Case {
  readonly backend: BackendName;
  readonly config: ModelConfig;
  readonly plan: StepPlan;
  /** `train` itself, or its step without the final checkpoint (GPT-3 Small). */
  readonly method: 'train' | 'step';
}

async function measure(test: Case, log: (line: string) => void): Promise<Row> {
  const base = {
    backend: test.backend,
    model: test.config.name,
    method: test.method === 'train' ? '`train`' : 'trainer step',
  };
  try {
    await selectBackend(test.backend);
  } catch (error) {
    log(`${test.backend}: absent (${(error as Error).message})`);
    return { ...base, absent: (error as Error).message };
  }
  log(
    `${test.backend}: ${test.config.name}, batch ${test.plan.batchSize} ` +
      `× ${test.plan.seqLen} tokens, ${test.plan.steps + 1} steps`,
  );
  const model = GptModel.create(test.config, { seed: 4 });
  try {
    const timing =
      test.method === 'train' ? await timeTrainer(model, test.plan) : await timeTrainingSteps(model, test.plan);
    log(
      `${test.backend}: ${timing.tokensPerSecond.toFixed(0)} tokens/s, ` +
        `${timing.gflops.toFixed(2)} GFLOP/s, matMul ${timing.ceilingGflops.toFixed(2)} GFLOP/s`,
    );
    return { ...base, timing };
  } catch (error) {
    // One configuration failing (out of WASM memory, say) is a finding of this run; the other rows still stand.
    const failed = (error as Error).message.split('\n')[0] ?? String(error);
    log(`${test.backend}: ${test.config.name} failed: ${failed}`);
    return { ...base, failed };
  } finally {
    model.dispose();
  }
}

/** oneDNN off vs on for `fewshot train` on tensorflow, where the tensorflow row could be measured. */
async function measureOneDnn(
  rows: readonly Row[],
  config: ModelConfig,
  quick: boolean,
  log: (line: string) => void,
): Promise<{ result?: OneDnnTraining; target: TargetCheck }> {
  const native = rows.find((row) => row.backend === 'tensorflow');
  if (native?.timing === undefined) {
    const reason = `not measured: tensorflow ${native?.failed ?? native?.absent ?? 'did not run'}`;
    return { target: notMeasured(20, ONE_DNN_TRAINING_TARGET, reason) };
  }
  const plan = { batchSize: 8, seqLen: config.contextLength, steps: quick ? 2 : 5 };
  const result = await compareOneDnnTraining(config, plan, quick ? 1 : 3);
  log(
    `tensorflow training, oneDNN off ${result.offTokensPerSecond.toFixed(0)} tokens/s, ` +
      `on ${result.onTokensPerSecond.toFixed(0)} tokens/s`,
  );
  return { result, target: oneDnnTrainingTarget(result) };
}

const fixed = (value: number, digits = 2): string => (Number.isFinite(value) ? value.toFixed(digits) : '—');

export const trainingSuite: Suite = {
  name: 'training',
  description:
    "training tokens/s and MFU (vs the matMul ceiling) of @fewshot/training's trainer for the default model's shape " +
    "(and GPT-3 Small's in the full run), WASM vs CPU, and one worker vs two (both cores)",
  async run({ quick, log, modelDirectory }: SuiteOptions): Promise<SuiteResult> {
    const mini = await defaultModelSource(modelDirectory);
    const context = mini.config.contextLength;
    const cases: Case[] = [
      // 4 windows a step: the 4 GB WASM heap does not hold the activations and gradients of 8 × 512
      // tokens of the bundled model's shape (on WASM the recipe trains `--batch-size 4 --accumulate 2`).
      {
        backend: 'wasm',
        config: mini.config,
        method: 'train',
        plan: { batchSize: 4, seqLen: context, steps: quick ? 1 : 5 },
      },
      // The plain-JS CPU backend trains ~50× slower than WASM: a small batch keeps a step within seconds.
      {
        backend: 'cpu',
        config: mini.config,
        method: 'train',
        plan: quick
          ? { batchSize: 1, seqLen: Math.min(32, context), steps: 1 }
          : { batchSize: 2, seqLen: Math.min(64, context), steps: 2 },
      },
      {
        backend: 'tensorflow',
        config: mini.config,
        method: 'train',
        plan: { batchSize: 8, seqLen: context, steps: 5 },
      },
    ];
    if (!quick)
      cases.push({
        backend: 'wasm',
        config: gpt3SmallShape(),
        method: 'step',
        plan: { batchSize: 1, seqLen: 128, steps: 3 },
      });
    const rows: Row[] = [];
    for (const test of cases) rows.push(await measure(test, log));
    const scaling = await measureScaling(mini.config, quick, log);
    const oneDnn = await measureOneDnn(rows, mini.config, quick, log);

    const wasmMini = rows.find((row) => row.backend === 'wasm' && row.model === mini.config.name)?.timing;
    const mfu = (timing: TrainingTiming | undefined): number =>
      timing === undefined ? Number.NaN : timing.gflops / timing.ceilingGflops;
    const notes = [
      ...(quick ? ["Quick mode: GPT-3 Small's training step is measured in the full run only."] : []),
      scalingNote(scaling),
    ];
    return {
      suite: 'training',
      inputs: {
        'default model': `${mini.config.name}: ${describeShape(mini.config)}`,
        ...(quick ? {} : { 'GPT-3 Small': `${describeShape(gpt3SmallShape())}, random weights` }),
        workers: scalingMethod(scaling),
        method:
          '`train` of @fewshot/training (AdamW, schedule, clipping; no evaluation, one checkpoint ' +
          'at the end outside the timing) on a synthetic packed stream; GPT-3 Small: the same step ' +
          '(batchGradients, clipByGlobalNorm, AdamW.apply) without the 1.5 GB final checkpoint',
        timing: 'median step time after one untimed warm-up step; tokens/s = batch × seqLen ÷ step time',
        MFU:
          'training GFLOP/s (3 × forward FLOPs per token, trainingFlopsPerToken ' +
          'of @fewshot/config) ÷ matMul GFLOP/s of the forward projection shapes ' +
          'at batch × seqLen rows, timed between the steps on the same backend',
      },
      notes,
      tables: [
        {
          title: 'Training throughput by backend',
          rows: [
            [
              'backend',
              'model',
              'measured through',
              'batch × seqLen',
              'step ms',
              'tokens/s',
              'GFLOP/s',
              'matMul GFLOP/s',
              'MFU',
            ],
            ...rows.map((row) =>
              row.timing === undefined
                ? [
                    row.backend,
                    row.model,
                    row.method,
                    '',
                    row.failed === undefined ? `absent: ${row.absent ?? 'not measured'}` : `failed: ${row.failed}`,
                    '',
                    '',
                    '',
                    '',
                  ]
                : [
                    row.backend,
                    row.model,
                    row.method,
                    `${row.timing.batchSize} × ${row.timing.seqLen}`,
                    fixed(row.timing.stepMs, 0),
                    fixed(row.timing.tokensPerSecond, 0),
                    fixed(row.timing.gflops),
                    fixed(row.timing.ceilingGflops),
                    `${fixed(mfu(row.timing) * 100, 0)}%`,
                  ],
            ),
          ],
        },
        scalingTable(scaling, mini.config.name),
        ...(oneDnn.result === undefined
          ? []
          : [
              {
                title:
                  `tensorflow: \`train\` with oneDNN off and on (TF_ENABLE_ONEDNN_OPTS, fresh processes alternating, ` +
                  `median of ${oneDnn.result.rounds} each)`,
                rows: [
                  ['model', 'batch × seqLen', 'oneDNN off tokens/s', 'oneDNN on tokens/s', 'on / off'],
                  [
                    mini.config.name,
                    `${oneDnn.result.plan.batchSize} × ${oneDnn.result.plan.seqLen}`,
                    fixed(oneDnn.result.offTokensPerSecond, 0),
                    fixed(oneDnn.result.onTokensPerSecond, 0),
                    `${fixed(oneDnn.result.onTokensPerSecond / oneDnn.result.offTokensPerSecond)}×`,
                  ],
                ],
              },
            ]),
      ],
      targets: [
        scalingTarget(scaling, quick),
        oneDnn.target,
        checkTarget({
          issue: 6,
          description: `training step ≥ ${MFU_TARGET * 100}% of the WASM matMul ceiling for the default model's shape`,
          value: mfu(wasmMini),
          comparison: 'at least',
          threshold: MFU_TARGET,
          measured:
            `${fixed(mfu(wasmMini) * 100, 0)}% (${fixed(wasmMini?.gflops ?? Number.NaN)} of ` +
            `${fixed(wasmMini?.ceilingGflops ?? Number.NaN)} GFLOP/s, ` +
            `${fixed(wasmMini?.tokensPerSecond ?? Number.NaN, 0)} tokens/s)`,
        }),
      ],
      data: { rows, scaling, oneDnn: oneDnn.result ?? null, defaultModel: { source: mini.description } },
      files: [
        {
          name: 'training.svg',
          content: renderBarChart({
            title: 'Training tokens/s by backend',
            unit: 'tokens/s',
            groups: [
              ...rows
                .filter((row) => row.timing !== undefined)
                .map((row) => ({
                  label: `${row.backend}: ${row.model}`,
                  bars: [{ series: 'tokens/s', value: row.timing?.tokensPerSecond ?? 0 }],
                })),
              ...scalingBars(scaling),
            ],
          }),
        },
      ],
    };
  },
};
