import { availableParallelism, loadavg } from 'node:os';
import type { ModelConfig } from '@fewshot/config';
import { selectBackend } from '@fewshot/model/node';
import { type TargetCheck, checkTarget, notMeasured } from '../../framework/targets.js';
import { wasmThreadCeiling } from './wasm-thread-ceiling.js';
import { type ScalingPlan, type WorkerTiming, timeWorkerScaling } from './worker-scaling.js';

/** Issue 19: two workers (both cores) train at ≥ 1.7× the tokens/s of one. */
const WORKERS = 2;
const SPEEDUP_TARGET = 1.7;

/** What the workers comparison measured, with the machine's load around it. */
export interface Scaling {
  readonly plan: ScalingPlan;
  readonly timings?: readonly [WorkerTiming, WorkerTiming];
  readonly failed?: string;
  /** 1-minute load average before and after, and the cores. */
  readonly load: { readonly before: number; readonly after: number; readonly cores: number };
  /** The two-thread speed-up of WASM matrix products (`wasmThreadCeiling`) just before and just after. */
  readonly ceiling: { readonly before: number; readonly after: number };
}

const fixed = (value: number, digits = 2): string => (Number.isFinite(value) ? value.toFixed(digits) : '—');

/**
 * Tokens/s with 1 and 2 workers on WASM, side by side in this run. The full run takes the default
 * model's own step as fewshot-mini's recipe trains it (accumulate 2 × 4 sequences of its context).
 */
export async function measureScaling(
  config: ModelConfig,
  quick: boolean,
  log: (line: string) => void,
): Promise<Scaling> {
  await selectBackend('wasm');
  const plan: ScalingPlan = quick
    ? { batchSize: 1, seqLen: Math.min(64, config.contextLength), accumulate: WORKERS, steps: 1, rounds: 1 }
    : { batchSize: 4, seqLen: config.contextLength, accumulate: WORKERS, steps: 4, rounds: 2 };
  const before = loadavg()[0] ?? Number.NaN;
  // About half a second of products per unit on one idle core (a few ms each), a tenth of it in quick mode.
  const products = quick ? 10 : 100;
  // A calibration that fails leaves its figure out (NaN), not the comparison.
  const ceiling = (): Promise<number> => wasmThreadCeiling(products).catch(() => Number.NaN);
  const ceilingBefore = await ceiling();
  log(
    `workers: 1 vs ${WORKERS}, a step of ${describeStep(plan)}; load average ${before.toFixed(2)}; ` +
      `WASM matMul on 2 threads: ${ceilingBefore.toFixed(2)}×`,
  );
  const after = async (): Promise<Pick<Scaling, 'load' | 'ceiling'>> => ({
    ceiling: { before: ceilingBefore, after: await ceiling() },
    load: { before, after: loadavg()[0] ?? Number.NaN, cores: availableParallelism() },
  });
  try {
    const timings = await timeWorkerScaling(config, plan, WORKERS, log);
    return { plan, timings, ...(await after()) };
  } catch (error) {
    // A failure is a finding of this run; the suite's other rows still stand.
    const failed = (error as Error).message.split('\n')[0] ?? String(error);
    log(`workers: failed: ${failed}`);
    return { plan, failed, ...(await after()) };
  }
}

/** How the comparison was run, for the report's inputs. */
export function scalingMethod(scaling: Scaling): string {
  const { rounds, steps } = scaling.plan;
  return (
    `\`train\` with workers 1 (one thread accumulating the step's ${WORKERS} micro-batches) and ${WORKERS} (this ` +
    'thread and a worker thread, a micro-batch each), wasm, the same model, data and seed; ' +
    `${rounds} run(s) each, alternating, ${steps} timed step(s) per run after a warm-up step; median step time`
  );
}

/** The machine's load around the measurement, and what it means for the ratio. */
export function scalingNote(scaling: Scaling): string {
  const { before, after, cores } = scaling.load;
  const ceiling = scaling.ceiling;
  return (
    `Workers were measured with the 1-minute load average at ${before.toFixed(2)} before and ${after.toFixed(2)} ` +
    `after, on ${cores} cores; WASM matrix products on two threads finished ${fixed(ceiling.before)}× as fast as on ` +
    `one just before and ${fixed(ceiling.after)}× just after, the speed-up the machine allowed then. ` +
    `${WORKERS} workers approach ${WORKERS}× only with ${WORKERS} idle cores: on a busy machine the ratio says ` +
    'little, and the figure that counts comes from a quiet one.'
  );
}

/** The table: one row per worker count. */
export function scalingTable(scaling: Scaling, model: string): { title: string; rows: string[][] } {
  const header = ['workers', 'micro-batches per thread', 'step', 'timed steps', 'step ms', 'tokens/s', 'vs 1 worker'];
  const [one] = scaling.timings ?? [];
  const rows =
    scaling.timings === undefined
      ? [[`1, ${WORKERS}`, '', describeStep(scaling.plan), '', `failed: ${scaling.failed ?? 'not measured'}`, '', '']]
      : scaling.timings.map((timing) => [
          String(timing.workers),
          String(scaling.plan.accumulate / timing.workers),
          describeStep(scaling.plan),
          String(timing.steps),
          fixed(timing.stepMs, 0),
          fixed(timing.tokensPerSecond, 0),
          `${fixed(timing.tokensPerSecond / (one?.tokensPerSecond ?? Number.NaN))}×`,
        ]);
  return { title: `Both cores: data-parallel workers (wasm, ${model}'s shape)`, rows: [header, ...rows] };
}

/** Bars for the suite's chart. */
export function scalingBars(scaling: Scaling): { label: string; bars: { series: string; value: number }[] }[] {
  return (scaling.timings ?? []).map((timing) => ({
    label: `wasm, ${timing.workers} worker${timing.workers === 1 ? '' : 's'}: ${describeStep(scaling.plan)}`,
    bars: [{ series: 'tokens/s', value: timing.tokensPerSecond }],
  }));
}

/** Issue 19's target: the full run only (quick mode's step is too small to say). */
export function scalingTarget(scaling: Scaling, quick: boolean): TargetCheck {
  const description =
    `${WORKERS} workers train at ≥ ${SPEEDUP_TARGET}× the tokens/s of 1 ` +
    `(the same step, accumulate ${WORKERS}, the default model's shape, wasm)`;
  const [one, two] = scaling.timings ?? [];
  const ratio = one === undefined || two === undefined ? Number.NaN : two.tokensPerSecond / one.tokensPerSecond;
  if (quick) {
    const step = describeStep(scaling.plan);
    const reason = `quick mode: a step of ${step} (${fixed(ratio)}×); the full run takes the default model's`;
    return notMeasured(19, description, reason);
  }
  const { before, cores } = scaling.load;
  const tokensPerSecond = (timing: WorkerTiming | undefined): string => fixed(timing?.tokensPerSecond ?? Number.NaN, 0);
  const speeds = `${tokensPerSecond(one)} → ${tokensPerSecond(two)} tokens/s`;
  return checkTarget({
    issue: 19,
    description,
    value: ratio,
    comparison: 'at least',
    threshold: SPEEDUP_TARGET,
    measured:
      `${fixed(ratio)}× (${speeds}; load average ${before.toFixed(2)} on ${cores} cores, ` +
      `where WASM matMul got ${fixed(scaling.ceiling.before)}× and ${fixed(scaling.ceiling.after)}× from 2 threads ` +
      'before and after)',
  });
}

function describeStep(plan: ScalingPlan): string {
  return `${plan.accumulate} × ${plan.batchSize} × ${plan.seqLen} tokens`;
}
