import { loadavg } from 'node:os';
import type { ModelConfig } from '@fewshot/config';
import type { SuiteResult } from '../../framework/suite.js';
import { type Comparison, type TargetCheck, checkTarget, notMeasured } from '../../framework/targets.js';
import { type EngineRow, type Sizes, fixed } from './engine-timing.js';

/** Issue 20's targets, as ratios measured side by side. */
const ISSUE = 20;
const PREFILL_WASM_VS_WEB = 1;
const PREFILL_BEST_VS_NODE = 0.8;
const DECODE_VS_NODE = 1;
const DECODE_GROWTH = 1.15;
/** CPU of other processes (cores) above which a pass's timings are flagged. */
const OTHER_LOAD_TOLERANCE = 0.1;
/** Largest |Δ log-probability| between an engine and fewshot for it to count as running the same model. */
const SAME_MODEL_TOLERANCE = 1e-3;

/** fewshot's configurations (backend, threads) and one ONNX Runtime engine, timed in the same interleaved rounds. */
export interface Pass {
  readonly fewshot: readonly EngineRow[];
  readonly peer: EngineRow;
  /** CPU other processes used while it was timed, in cores (Linux). */
  readonly otherCores?: number;
}

/** One fewshot configuration against the peer of its pass: the unit every target compares. */
interface Pairing {
  readonly fewshot: EngineRow;
  readonly peer: EngineRow;
}

export interface ReportInput {
  readonly quick: boolean;
  readonly config: ModelConfig;
  readonly sizes: Sizes;
  readonly onnxBytes: number;
  readonly passes: readonly Pass[];
  /** fewshot backends that could not run. */
  readonly absent: readonly EngineRow[];
  readonly notes: readonly string[];
}

const decodeAt = (row: EngineRow | undefined, i: number): number => row?.decodeMs?.[i] ?? Number.NaN;
const isPeer = (pass: Pass, engine: string, threads: number): boolean =>
  pass.peer.engine === engine && pass.peer.threads === threads && pass.peer.absent === undefined;
const isWasm = (row: EngineRow): boolean => row.backend.includes('wasm');
/** Every fewshot configuration that ran in `passes`, each with its pass's peer. */
const pairings = (passes: readonly Pass[]): Pairing[] =>
  passes.flatMap((pass) =>
    pass.fewshot.filter((row) => row.absent === undefined).map((fewshot) => ({ fewshot, peer: pass.peer })),
  );

/** The suite's table, notes and issue 20's targets. */
export function onnxReport(input: ReportInput): SuiteResult {
  const { quick, config, sizes, passes } = input;
  const [short, long] = sizes.decode;
  const rate = (row: EngineRow | undefined): number =>
    row?.prefillMs === undefined ? Number.NaN : (sizes.prefill / row.prefillMs) * 1000;
  const cells = (row: EngineRow): string[] => [
    row.label,
    row.absent === undefined ? (row.difference?.toExponential(1) ?? '—') : `absent: ${row.absent}`,
    fixed(row.prefillMs ?? Number.NaN, 0),
    fixed(rate(row), 0),
    fixed(decodeAt(row, 0), 1),
    fixed(decodeAt(row, 1), 1),
    fixed(decodeAt(row, 1) / decodeAt(row, 0)),
  ];
  const table = {
    title:
      'Same weights on every engine; each pass times fewshot and one ONNX Runtime engine in interleaved rounds: ' +
      `prefill of ${sizes.prefill} tokens and cached decode at ${short} and ${long} (medians)`,
    rows: [
      [
        'pass',
        'engine, threads, backend',
        'max Δ log-prob vs fewshot WASM',
        'prefill ms',
        'prefill tokens/s',
        `decode ms/token @${short}`,
        `decode ms/token @${long}`,
        `@${long} / @${short}`,
      ],
      ...passes.flatMap((pass, i) => [...pass.fewshot, pass.peer].map((row) => [String(i + 1), ...cells(row)])),
      ...input.absent.map((row) => ['—', ...cells(row)]),
    ],
  };
  const notes = [...input.notes];
  const loads = passes.map((pass, i) => `${i + 1}: ${fixed(pass.otherCores ?? Number.NaN)}`);
  if (passes.some((pass) => pass.otherCores !== undefined)) {
    notes.push(
      `CPU other processes used while each pass was timed, in cores: ${loads.join(', ')}. ` +
        `Above ${OTHER_LOAD_TOLERANCE}, a pass's figures say more about the machine than about the engines ` +
        '(an engine on 2 threads the most: a thread that has lost its core stalls every product).',
    );
  }
  const rows = passes.flatMap((pass) => [...pass.fewshot, pass.peer]);
  const mismatched = rows.filter((row) => row.difference !== undefined && !(row.difference <= SAME_MODEL_TOLERANCE));
  if (mismatched.length > 0) {
    const names = mismatched.map((row) => row.label).join('; ');
    notes.push(`Log-probabilities differ from fewshot's by more than ${SAME_MODEL_TOLERANCE}: ${names}.`);
  }

  const target = (description: string, value: number, comparison: Comparison, threshold: number, measured: string) =>
    quick
      ? notMeasured(ISSUE, description, `quick mode runs ${config.nLayer} of GPT-2 small's 12 layers`)
      : checkTarget({ issue: ISSUE, description, value, comparison, threshold, measured });
  const ratio = (a: number, b: number): string => `${fixed(a / b)}×`;
  // Each ratio compares figures of one pass; where the issue says "best", the best pairing counts.
  const webTwo = pairings(passes.filter((pass) => isPeer(pass, 'onnxruntime-web', 2)));
  const nodeTwo = pairings(passes.filter((pass) => isPeer(pass, 'onnxruntime-node', 2)));
  const bestBy = (candidates: readonly Pairing[], score: (pairing: Pairing) => number): Pairing | undefined =>
    candidates.reduce<Pairing | undefined>(
      (best, pairing) => (best === undefined || score(pairing) > score(best) ? pairing : best),
      undefined,
    );
  const prefillRatio = (pairing: Pairing | undefined): number => rate(pairing?.fewshot) / rate(pairing?.peer);
  const decodeRatio = (pairing: Pairing | undefined, i: number): number =>
    decodeAt(pairing?.fewshot, i) / decodeAt(pairing?.peer, i);
  const versus = (pairing: Pairing | undefined): string =>
    pairing === undefined ? 'not run' : `${pairing.fewshot.label} vs ${pairing.peer.label}`;

  // fewshot's WASM configurations on 2 threads (TF.js's, and the decoding store's): the best prefill.
  const wasmWeb = bestBy(
    webTwo.filter(({ fewshot }) => isWasm(fewshot) && fewshot.threads === 2),
    prefillRatio,
  );
  const bestPrefill = bestBy(nodeTwo, prefillRatio);
  // The WASM configuration to decode with: the fastest at the shorter context.
  const wasmDecode = bestBy(
    nodeTwo.filter(({ fewshot }) => isWasm(fewshot)),
    ({ fewshot }) => -decodeAt(fewshot, 0),
  )?.fewshot;
  const growth = decodeAt(wasmDecode, 1) / decodeAt(wasmDecode, 0);
  const targets: TargetCheck[] = [
    target(
      `prefill at context 128: fewshot on WASM ≥ ${PREFILL_WASM_VS_WEB}× onnxruntime-web, both on 2 threads (tokens/s)`,
      prefillRatio(wasmWeb),
      'at least',
      PREFILL_WASM_VS_WEB,
      `${fixed(prefillRatio(wasmWeb))}× (${fixed(rate(wasmWeb?.fewshot), 0)} vs ${fixed(rate(wasmWeb?.peer), 0)} ` +
        `tokens/s; ${versus(wasmWeb)})`,
    ),
    target(
      `prefill at context 128: fewshot's best backend ≥ ${PREFILL_BEST_VS_NODE}× onnxruntime-node, 2 threads`,
      prefillRatio(bestPrefill),
      'at least',
      PREFILL_BEST_VS_NODE,
      `${fixed(prefillRatio(bestPrefill))}× (${versus(bestPrefill)})`,
    ),
    ...[0, 1].map((i) => {
      const fastest = bestBy(nodeTwo, (pairing) => -decodeRatio(pairing, i));
      const context = [128, 512][i] ?? Number.NaN;
      const description = `decode at context ${context}: fewshot ≤ ${DECODE_VS_NODE}× onnxruntime-node, 2 threads`;
      const measured =
        `${ratio(decodeAt(fastest?.fewshot, i), decodeAt(fastest?.peer, i))} ` +
        `(${fixed(decodeAt(fastest?.fewshot, i), 1)} ` +
        `vs ${fixed(decodeAt(fastest?.peer, i), 1)} ms/token at ${sizes.decode[i]}; ${versus(fastest)})`;
      return target(description, decodeRatio(fastest, i), 'at most', DECODE_VS_NODE, measured);
    }),
    target(
      `decode: fewshot on WASM at context 512 ≤ ${DECODE_GROWTH}× its ms/token at 128`,
      growth,
      'at most',
      DECODE_GROWTH,
      `${fixed(growth)}× (${fixed(decodeAt(wasmDecode, 0), 1)} → ${fixed(decodeAt(wasmDecode, 1), 1)} ms/token; ` +
        `${wasmDecode?.label ?? 'not run'}, its fastest WASM configuration at ${short})`,
    ),
  ];
  return {
    suite: 'onnx',
    inputs: {
      model:
        `${config.name}: ${config.nLayer} × ${config.dModel}, ${config.nHead} heads, ` +
        `vocabulary ${config.vocabSize}, ` +
        'random weights (seed 20), the same on every engine',
      'exported graph': `decoder_model_merged.onnx (@fewshot/onnx), ${fixed(input.onnxBytes / 2 ** 20, 1)} MiB`,
      prefill:
        `${sizes.prefill} tokens from an empty past, every position's logits read back; ` +
        `${sizes.rounds.warmup} warm-up + ${sizes.rounds.repeats} timed rounds`,
      decode:
        `per context, ${sizes.warmupSteps} warm-up then ${sizes.steps} timed steps, ` + 'one step per engine in turn',
      'load average at the end (1, 5, 15 min)': loadavg()
        .map((value) => fixed(value))
        .join(', '),
    },
    tables: [table],
    targets,
    data: { sizes, passes, absent: input.absent },
    notes,
  };
}
