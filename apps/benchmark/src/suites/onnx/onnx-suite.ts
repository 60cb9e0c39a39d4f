import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { type ModelConfig, createModelConfig, getPreset } from '@fewshot/config';
import { GptModel, type TensorData, selectBackend } from '@fewshot/model';
import { buildGptGraph, encodeModel } from '@fewshot/onnx';
import type { Suite, SuiteOptions, SuiteResult } from '../../framework/suite.js';
import { type TargetCheck, checkTarget, notMeasured } from '../../framework/targets.js';
import { sampleIds } from '../model/generation-timing.js';
import { QUICK_LAYERS } from '../model/shapes.js';
import { type Engine, engineLabel, fewshotEngine, ortNodeEngine, ortWebEngine } from './engines.js';
import { measureInterleavedAsync } from './measure-async.js';

/** The issue's targets (issue 20), as ratios measured side by side in one run. */
const ISSUE = 20;
const PREFILL_WASM_VS_WEB = 1;
const PREFILL_BEST_VS_NODE = 0.8;
const DECODE_VS_NODE = 1;
const DECODE_GROWTH = 1.15;
/** Largest |Δ log-probability| between an engine and fewshot for it to count as running the same model. */
const SAME_MODEL_TOLERANCE = 1e-3;

const fixed = (value: number, digits = 2): string => (Number.isFinite(value) ? value.toFixed(digits) : '—');

interface Sizes {
  readonly prefill: number;
  readonly decode: readonly [number, number];
  readonly rounds: { readonly warmup: number; readonly repeats: number };
  readonly steps: number;
  readonly warmupSteps: number;
}

const FULL: Sizes = { prefill: 128, decode: [128, 512], rounds: { warmup: 1, repeats: 3 }, steps: 8, warmupSteps: 2 };
const QUICK: Sizes = { prefill: 32, decode: [32, 64], rounds: { warmup: 1, repeats: 1 }, steps: 2, warmupSteps: 1 };

/** Quick mode's vocabulary: small enough that five engines load the model in seconds. */
const QUICK_VOCABULARY = 4096;

/** GPT-2 small's shape (12 × 768, vocabulary 50,257); quick mode keeps the width with fewer layers and a smaller vocabulary. */
function gpt2SmallShape(quick: boolean): ModelConfig {
  const preset = getPreset('gpt2');
  if (!quick) return preset;
  return createModelConfig({
    ...preset,
    name: `gpt2 (${QUICK_LAYERS} of ${preset.nLayer} layers, vocabulary ${QUICK_VOCABULARY})`,
    nLayer: QUICK_LAYERS,
    vocabSize: QUICK_VOCABULARY,
    attention: preset.attention.slice(0, QUICK_LAYERS),
  });
}

/** One engine's figures; `absent` says why an engine did not run. */
interface EngineRow {
  readonly label: string;
  readonly engine: string;
  readonly threads: number;
  readonly backend: string;
  readonly absent?: string;
  /** Largest |Δ log-probability| of its next-token distribution against fewshot's on the same ids. */
  readonly difference?: number;
  prefillMs?: number;
  decodeMs?: readonly [number, number];
}

function logSoftmax(row: Float32Array): Float64Array {
  const values = Float64Array.from(row);
  const max = values.reduce((a, b) => Math.max(a, b), -Infinity);
  const log = Math.log(values.reduce((sum, value) => sum + Math.exp(value - max), 0)) + max;
  return values.map((value) => value - log);
}

const maxDifference = (a: Float32Array, b: Float32Array): number => {
  const [x, y] = [logSoftmax(a), logSoftmax(b)];
  return x.reduce((max, value, i) => Math.max(max, Math.abs(value - (y[i] ?? Number.NaN))), 0);
};

/**
 * Times `engines` side by side: prefills at `sizes.prefill` tokens in interleaved rounds, then
 * cached single-token steps at both decode contexts, one step per engine and context in turn.
 */
async function measureEngines(engines: readonly Engine[], rows: Map<Engine, EngineRow>, sizes: Sizes, vocab: number, log: (line: string) => void): Promise<void> {
  const ids = sampleIds(sizes.prefill, vocab);
  const prefill = await measureInterleavedAsync(engines.map((engine) => ({ name: engineLabel(engine), run: () => engine.prefill(ids) })), sizes.rounds);
  for (const engine of engines) {
    const ms = prefill.get(engineLabel(engine))?.median ?? Number.NaN;
    rows.get(engine)!.prefillMs = ms;
    log(`${engineLabel(engine)}: prefill ${sizes.prefill} tokens in ${fixed(ms, 0)} ms (${fixed((sizes.prefill / ms) * 1000, 0)} tokens/s)`);
  }
  const key = (context: number): string => `context-${context}`;
  for (const engine of engines) {
    for (const context of sizes.decode) await engine.fill(key(context), sampleIds(context - sizes.steps - sizes.warmupSteps, vocab));
  }
  const times = new Map(engines.map((engine) => [engine, sizes.decode.map((): number[] => [])]));
  for (let step = 0; step < sizes.warmupSteps + sizes.steps; step++) {
    for (const [c, context] of sizes.decode.entries()) {
      const [id = 0] = sampleIds(1, vocab, context + step);
      for (const engine of engines) {
        const ms = await engine.step(key(context), id);
        if (step >= sizes.warmupSteps) times.get(engine)![c]!.push(ms);
      }
    }
  }
  for (const engine of engines) {
    const medians = times.get(engine)!.map((values) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? Number.NaN) as [number, number];
    rows.get(engine)!.decodeMs = medians;
    log(`${engineLabel(engine)}: decode ${medians.map((ms, i) => `${fixed(ms, 1)} ms/token at ${sizes.decode[i]}`).join(', ')}`);
  }
}

/** Starts an engine, or records why it cannot run. */
async function start(
  make: () => Promise<Engine>,
  describe: { engine: string; threads: number; backend: string },
  rows: Map<Engine, EngineRow>,
  absent: EngineRow[],
  log: (line: string) => void,
): Promise<Engine | undefined> {
  try {
    const engine = await make();
    rows.set(engine, newRow(engine));
    return engine;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    log(`${describe.engine}, ${describe.threads} thread(s): absent (${reason})`);
    absent.push({ label: `${describe.engine}, ${describe.threads} thread(s), ${describe.backend}`, ...describe, absent: reason });
    return undefined;
  }
}

export const onnxSuite: Suite = {
  name: 'onnx',
  description: 'GPT-2 small shape, one set of random weights exported with @fewshot/onnx: fewshot vs onnxruntime-node and onnxruntime-web (1 and 2 threads), prefill and decode interleaved',
  async run({ quick, log }: SuiteOptions): Promise<SuiteResult> {
    const sizes = quick ? QUICK : FULL;
    const config = gpt2SmallShape(quick);
    const version = (createRequire(import.meta.url)('@fewshot/model/package.json') as { version: string }).version;
    const notes: string[] = [];
    if (quick) notes.push(`Quick mode: GPT-2 small's width with ${config.nLayer} of its 12 layers and a vocabulary of ${QUICK_VOCABULARY}, prefill ${sizes.prefill} and decode at ${sizes.decode.join(' and ')}; the targets are for the full shape and are not measured.`);
    const wasmChoice = await selectBackend('wasm');
    log(`creating ${config.name} (random weights, seed 20) on ${wasmChoice.tfjsBackend} with ${wasmChoice.threads ?? 1} thread(s), exporting it to ONNX`);
    const model = GptModel.create(config, { seed: 20 });
    const weights: Map<string, TensorData> = model.readWeights();
    const onnx = encodeModel(buildGptGraph(config, weights, { merged: true, producerVersion: version })).finish();
    log(`decoder_model_merged.onnx: ${fixed(onnx.length / 2 ** 20, 1)} MiB`);
    const shape = { nLayer: config.nLayer, nHead: config.nHead, headSize: config.dModel / config.nHead };

    const rows = new Map<Engine, EngineRow>();
    const absent: EngineRow[] = [];
    const wasm = fewshotEngine(model, wasmChoice, version);
    rows.set(wasm, newRow(wasm));
    const engines: Engine[] = [wasm];
    let paired: Paired | undefined;
    try {
      for (const threads of [1, 2]) {
        const engine = await start(() => ortNodeEngine(onnx, threads, shape), { engine: 'onnxruntime-node', threads, backend: 'CPU execution provider' }, rows, absent, log);
        if (engine !== undefined) engines.push(engine);
      }
      for (const threads of [1, 2]) {
        const engine = await start(() => ortWebEngine(onnx, threads, shape), { engine: 'onnxruntime-web', threads, backend: 'WASM execution provider' }, rows, absent, log);
        if (engine !== undefined) engines.push(engine);
      }
      // Every engine runs the same model: its next-token distribution against fewshot's.
      const checkIds = sampleIds(16, config.vocabSize, 3);
      const reference = await wasm.lastLogits(checkIds);
      const sameModel = async (engine: Engine): Promise<number> => maxDifference(await engine.lastLogits(checkIds), reference);
      try {
        for (const engine of engines) rows.set(engine, { ...rows.get(engine)!, difference: await sameModel(engine) });
        await measureEngines(engines, rows, sizes, config.vocabSize, log);
      } finally {
        await wasm.dispose();
        model.dispose();
      }
      // fewshot's native backend, when tfjs-node loads: interleaved with onnxruntime-node on 2 threads again.
      paired = await measureNative(config, weights, version, nodeTwo(engines), sizes, sameModel, log).catch((error: unknown) => {
        const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error);
        log(`fewshot on tfjs tensorflow: absent (${reason})`);
        absent.push({ label: 'fewshot, tfjs tensorflow', engine: 'fewshot', threads: 0, backend: 'tfjs tensorflow', absent: reason });
        return undefined;
      });
    } finally {
      await selectBackend('wasm');
      for (const engine of engines.slice(1)) await engine.dispose();
    }
    const rowOf = (engine: Engine | undefined): EngineRow | undefined => (engine === undefined ? undefined : rows.get(engine));
    const webTwo = engines.find((engine) => engine.engine === 'onnxruntime-web' && engine.threads === 2);
    const phaseA = [...rows.values()];
    const [wasmRow, nodeRow, webRow] = [rows.get(wasm)!, rowOf(nodeTwo(engines)), rowOf(webTwo)];
    return report({ quick, config, sizes, notes, onnxBytes: onnx.length, wasmThreads: wasmChoice.threads ?? 1, phaseA, absent, wasmRow, nodeRow, webRow, paired });
  },
};

/** onnxruntime-node on 2 threads, the engine the targets compare with. */
const nodeTwo = (engines: readonly Engine[]): Engine | undefined =>
  engines.find((engine) => engine.engine === 'onnxruntime-node' && engine.threads === 2);

/** The native backend's figures and those of onnxruntime-node (2 threads) timed in the same rounds. */
interface Paired {
  readonly native: EngineRow;
  readonly node: EngineRow | undefined;
}

async function measureNative(
  config: ModelConfig,
  weights: ReadonlyMap<string, TensorData>,
  version: string,
  nodeTwo: Engine | undefined,
  sizes: Sizes,
  sameModel: (engine: Engine) => Promise<number>,
  log: (line: string) => void,
): Promise<Paired> {
  const choice = await selectBackend('tensorflow');
  const model = GptModel.create(config, { seed: 20 });
  const native = fewshotEngine(model, choice, version);
  try {
    model.writeWeights(weights);
    const partners = nodeTwo === undefined ? [native] : [native, nodeTwo];
    const rows = new Map(partners.map((engine) => [engine, newRow(engine)]));
    rows.set(native, { ...newRow(native), difference: await sameModel(native) });
    await measureEngines(partners, rows, sizes, config.vocabSize, (line) => { log(`tensorflow pass: ${line}`); });
    return { native: rows.get(native)!, node: nodeTwo === undefined ? undefined : rows.get(nodeTwo) };
  } finally {
    await native.dispose();
    model.dispose();
  }
}

const newRow = (engine: Engine): EngineRow => ({ label: engineLabel(engine), engine: engine.engine, threads: engine.threads, backend: engine.backend });

interface ReportInput {
  readonly quick: boolean;
  readonly config: ModelConfig;
  readonly sizes: Sizes;
  readonly notes: string[];
  readonly onnxBytes: number;
  readonly wasmThreads: number;
  readonly phaseA: readonly EngineRow[];
  readonly absent: readonly EngineRow[];
  readonly wasmRow: EngineRow;
  readonly nodeRow: EngineRow | undefined;
  readonly webRow: EngineRow | undefined;
  readonly paired: Paired | undefined;
}

const tokensPerSecond = (tokens: number, ms: number | undefined): number => (ms === undefined ? Number.NaN : (tokens / ms) * 1000);

function report(input: ReportInput): SuiteResult {
  const { quick, config, sizes, notes, phaseA, absent, wasmRow, nodeRow, webRow, paired } = input;
  const [short, long] = sizes.decode;
  const prefillRate = (row: EngineRow | undefined): number => tokensPerSecond(sizes.prefill, row?.prefillMs);
  const engineRows = [...phaseA, ...(paired === undefined ? [] : [paired.native, ...(paired.node === undefined ? [] : [{ ...paired.node, label: `${paired.node.label} (again, with tensorflow)` }])])];
  const figures = {
    title: `Same weights on every engine: prefill of ${sizes.prefill} tokens, cached decode at context ${short} and ${long} (medians; one run, interleaved)`,
    rows: [
      ['engine, threads, backend', 'max Δ log-prob vs fewshot on WASM', 'prefill ms', 'prefill tokens/s', `decode ms/token @${short}`, `decode ms/token @${long}`, `@${long} / @${short}`],
      ...engineRows.map((row) => [
        row.label,
        row.difference === undefined ? '—' : row.difference.toExponential(1),
        fixed(row.prefillMs ?? Number.NaN, 0),
        fixed(prefillRate(row), 0),
        fixed(row.decodeMs?.[0] ?? Number.NaN, 1),
        fixed(row.decodeMs?.[1] ?? Number.NaN, 1),
        fixed((row.decodeMs?.[1] ?? Number.NaN) / (row.decodeMs?.[0] ?? Number.NaN), 2),
      ]),
      ...absent.map((row) => [row.label, `absent: ${row.absent ?? ''}`, '—', '—', '—', '—', '—']),
    ],
  };
  const mismatched = engineRows.filter((row) => row.difference !== undefined && !(row.difference <= SAME_MODEL_TOLERANCE));
  if (mismatched.length > 0) notes.push(`Engines whose log-probabilities differ from fewshot's by more than ${SAME_MODEL_TOLERANCE}: ${mismatched.map((row) => row.label).join('; ')}.`);
  if (paired !== undefined) notes.push('fewshot on tfjs tensorflow ran in a second pass (one TF.js backend at a time), interleaved with onnxruntime-node on 2 threads, whose figures from that pass are listed again; its ratio uses that pass\'s onnxruntime-node figures.');

  // The best fewshot backend's prefill ratio to onnxruntime-node (2 threads), each against the node figures of its own pass.
  const candidates = [
    { row: wasmRow, node: nodeRow },
    ...(paired === undefined ? [] : [{ row: paired.native, node: paired.node }]),
  ].map(({ row, node }) => ({ row, prefill: prefillRate(row) / prefillRate(node), decode: row.decodeMs?.map((ms, i) => ms / (node?.decodeMs?.[i] ?? Number.NaN)) ?? [Number.NaN, Number.NaN] }));
  const bestPrefill = candidates.reduce((best, next) => (next.prefill > best.prefill || !Number.isFinite(best.prefill) ? next : best));
  const bestDecode = (i: number): (typeof candidates)[number] => candidates.reduce((best, next) => ((next.decode[i] ?? Infinity) < (best.decode[i] ?? Infinity) ? next : best));
  const versus = (a: EngineRow | undefined, b: EngineRow | undefined): string => `${a?.label ?? '—'} vs ${b?.label ?? 'absent'}`;
  const full = (description: string, check: () => TargetCheck): TargetCheck =>
    quick ? notMeasured(ISSUE, description, `quick mode runs ${config.nLayer} of GPT-2 small's 12 layers at contexts ${sizes.prefill}/${short}/${long}`) : check();

  const webRatio = prefillRate(wasmRow) / prefillRate(webRow);
  const targets: TargetCheck[] = [
    full(`prefill at context 128: fewshot on WASM ≥ ${PREFILL_WASM_VS_WEB}× onnxruntime-web with 2 threads (tokens/s)`, () =>
      checkTarget({ issue: ISSUE, description: `prefill at context 128: fewshot on WASM ≥ ${PREFILL_WASM_VS_WEB}× onnxruntime-web with 2 threads (tokens/s)`, value: webRatio, comparison: 'at least', threshold: PREFILL_WASM_VS_WEB, measured: `${fixed(webRatio)}× (${fixed(prefillRate(wasmRow), 0)} vs ${fixed(prefillRate(webRow), 0)} tokens/s; ${versus(wasmRow, webRow)})` })),
    full(`prefill at context 128: fewshot's best backend ≥ ${PREFILL_BEST_VS_NODE}× onnxruntime-node with 2 threads (tokens/s)`, () =>
      checkTarget({ issue: ISSUE, description: `prefill at context 128: fewshot's best backend ≥ ${PREFILL_BEST_VS_NODE}× onnxruntime-node with 2 threads (tokens/s)`, value: bestPrefill.prefill, comparison: 'at least', threshold: PREFILL_BEST_VS_NODE, measured: `${fixed(bestPrefill.prefill)}× (${bestPrefill.row.label})` })),
    ...sizes.decode.map((context, i) => {
      const description = `decode at context ${FULL.decode[i]}: fewshot ≤ ${DECODE_VS_NODE}× onnxruntime-node's ms/token with 2 threads`;
      const best = bestDecode(i);
      return full(description, () => checkTarget({ issue: ISSUE, description, value: best.decode[i] ?? Number.NaN, comparison: 'at most', threshold: DECODE_VS_NODE, measured: `${fixed(best.decode[i] ?? Number.NaN)}× (${fixed(best.row.decodeMs?.[i] ?? Number.NaN, 1)} ms/token, ${best.row.label}, at context ${context})` }));
    }),
    full(`decode: fewshot on WASM at context 512 ≤ ${DECODE_GROWTH}× its ms/token at 128`, () => {
      const growth = (wasmRow.decodeMs?.[1] ?? Number.NaN) / (wasmRow.decodeMs?.[0] ?? Number.NaN);
      return checkTarget({ issue: ISSUE, description: `decode: fewshot on WASM at context 512 ≤ ${DECODE_GROWTH}× its ms/token at 128`, value: growth, comparison: 'at most', threshold: DECODE_GROWTH, measured: `${fixed(growth)}× (${fixed(wasmRow.decodeMs?.[0] ?? Number.NaN, 1)} → ${fixed(wasmRow.decodeMs?.[1] ?? Number.NaN, 1)} ms/token, ${wasmRow.label})` });
    }),
  ];
  const [one, five, fifteen] = loadavg();
  return {
    suite: 'onnx',
    inputs: {
      model: `${config.name}: ${config.nLayer} layers × ${config.dModel}, ${config.nHead} heads, vocabulary ${config.vocabSize}, random weights (seed 20), identical on every engine`,
      'exported graph': `decoder_model_merged.onnx (@fewshot/onnx, opset 17), ${fixed(input.onnxBytes / 2 ** 20, 1)} MiB`,
      prefill: `${sizes.prefill} tokens from an empty past, logits for every position read back; ${sizes.rounds.warmup} warm-up + ${sizes.rounds.repeats} timed rounds`,
      decode: `${sizes.steps} timed steps (after ${sizes.warmupSteps} warm-up) at each context, engines and contexts in turn`,
      'fewshot WASM threads': input.wasmThreads,
      'load average at the end (1, 5, 15 min)': `${fixed(one ?? Number.NaN)}, ${fixed(five ?? Number.NaN)}, ${fixed(fifteen ?? Number.NaN)}`,
    },
    tables: [figures],
    targets,
    data: { sizes, engines: engineRows, absent },
    notes,
  };
}
