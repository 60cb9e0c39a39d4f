import { createRequire } from 'node:module';
import { type ModelConfig, createModelConfig, getPreset } from '@fewshot/config';
import { installKernels } from '@fewshot/kernels';
import { GptModel } from '@fewshot/model';
import { selectBackend } from '@fewshot/model/node';
import { type DecoderShape, buildGptGraph, encodeModel } from '@fewshot/onnx';
import type { Suite, SuiteOptions, SuiteResult } from '../../framework/suite.js';
import { sampleIds } from '../model/generation-timing.js';
import { QUICK_LAYERS } from '../model/shapes.js';
import { type EngineRow, type Sizes, engineRow, fixed, logProbDifference, measureEngines } from './engine-timing.js';
import {
  type Engine,
  STORED_DECODING_BACKEND,
  fewshotEngine,
  fewshotStoredDecodingEngine,
  fewshotWasmEngine,
  ortNodeEngine,
  ortWebEngine,
} from './engines.js';
import { type Pass, onnxReport } from './onnx-report.js';
import { watchOtherLoad } from './other-load.js';

// Decode steps vary by ±20% from one to the next on a shared machine: medians of 24 per context.
const FULL: Sizes = { prefill: 128, decode: [128, 512], rounds: { warmup: 2, repeats: 5 }, steps: 24, warmupSteps: 4 };
const QUICK: Sizes = { prefill: 32, decode: [32, 64], rounds: { warmup: 1, repeats: 1 }, steps: 2, warmupSteps: 1 };
/** Quick mode's vocabulary: small enough that every engine loads the model in a second or two. */
const QUICK_VOCABULARY = 4096;
const SEED = 20;
/** fewshot on WASM runs once on each: one thread, and both cores of a 2-core machine. */
const WASM_THREADS = [1, 2] as const;

/** GPT-2 small's shape (12 × 768, vocabulary 50,257); quick mode keeps the width, with fewer layers and tokens. */
export function gpt2SmallShape(quick: boolean): ModelConfig {
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

/** An ONNX Runtime engine to compare with, and what it is (for its row if it cannot start). */
interface Peer {
  readonly start: (model: Uint8Array, shape: DecoderShape) => Promise<Engine>;
  readonly engine: string;
  readonly threads: number;
  readonly backend: string;
}

const PEERS: readonly Peer[] = [1, 2].flatMap((threads) => [
  {
    start: (model, shape) => ortNodeEngine(model, threads, shape),
    engine: 'onnxruntime-node',
    threads,
    backend: 'CPU EP',
  },
  {
    start: (model, shape) => ortWebEngine(model, threads, shape),
    engine: 'onnxruntime-web',
    threads,
    backend: 'WASM EP',
  },
]);

const firstLine = (error: unknown): string =>
  error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);

/** What a pass needs: the model's bytes and shape, the sizes, the reference logits and the ids they are for. */
interface PassContext {
  readonly config: ModelConfig;
  readonly onnx: Uint8Array;
  readonly shape: DecoderShape;
  readonly sizes: Sizes;
  readonly checkIds: readonly number[];
  readonly reference: Float32Array;
  readonly log: (line: string) => void;
}

/**
 * fewshot's configurations and one ONNX Runtime engine, interleaved: each checked against the
 * reference logits, then timed in the same rounds. Passes keep one ONNX Runtime copy of the
 * weights in memory at a time.
 */
async function runPass(fewshot: readonly Engine[], peer: Peer, context: PassContext): Promise<Pass> {
  const { config, onnx, shape, sizes, checkIds, reference, log } = context;
  const label = `${peer.engine}, ${peer.threads} thread${peer.threads === 1 ? '' : 's'}, ${peer.backend}`;
  let engine: Engine;
  try {
    engine = await peer.start(onnx, shape);
  } catch (error) {
    log(`${label}: absent (${firstLine(error)})`);
    return { fewshot: fewshot.map(engineRow), peer: { label, ...peer, absent: firstLine(error) } };
  }
  try {
    const engines = [...fewshot, engine];
    const rows: EngineRow[] = [];
    for (const candidate of engines) {
      const difference = logProbDifference(await candidate.lastLogits(checkIds), reference);
      rows.push({ ...engineRow(candidate), difference });
    }
    const otherLoad = watchOtherLoad();
    const times = await measureEngines(engines, sizes, config.vocabSize, log);
    const otherCores = otherLoad();
    if (otherCores !== undefined) log(`other processes used ${fixed(otherCores)} cores meanwhile`);
    const timed = rows.map((row, i) => ({ ...row, ...times.get(engines[i]!) }));
    return { fewshot: timed.slice(0, -1), peer: timed.at(-1)!, ...(otherCores === undefined ? {} : { otherCores }) };
  } finally {
    await engine.dispose();
  }
}

/** Starts each engine of `starts`; one that cannot start becomes an absent row. */
async function startEngines(
  starts: readonly { readonly row: EngineRow; readonly start: () => Promise<Engine> }[],
  log: (line: string) => void,
): Promise<{ engines: Engine[]; absent: EngineRow[] }> {
  const engines: Engine[] = [];
  const absent: EngineRow[] = [];
  for (const { row, start } of starts) {
    try {
      engines.push(await start());
    } catch (error) {
      log(`${row.label}: absent (${firstLine(error)})`);
      absent.push({ ...row, absent: firstLine(error) });
    }
  }
  return { engines, absent };
}

export const onnxSuite: Suite = {
  name: 'onnx',
  description:
    'GPT-2 small shape, one set of random weights exported with @fewshot/onnx: fewshot on WASM (1 and 2 threads, ' +
    'and decoding from its float32 store on 2) ' +
    'vs onnxruntime-node and onnxruntime-web (1 and 2 threads), prefill and decode interleaved',
  async run({ quick, log }: SuiteOptions): Promise<SuiteResult> {
    const sizes = quick ? QUICK : FULL;
    const config = gpt2SmallShape(quick);
    const version = (createRequire(import.meta.url)('@fewshot/model/package.json') as { version: string }).version;
    const notes: string[] = [];
    if (quick) {
      notes.push(
        `Quick mode: GPT-2 small's width with ${config.nLayer} of its 12 layers and a vocabulary of ` +
          `${QUICK_VOCABULARY}; prefill ${sizes.prefill}, decode at ${sizes.decode.join(' and ')}.`,
      );
    }
    // The reference logits and the export come from fewshot on this thread's wasm backend.
    installKernels();
    await selectBackend('wasm');
    log(`creating ${config.name} (random weights, seed ${SEED}) and exporting it to ONNX`);
    const source = GptModel.create(config, { seed: SEED });
    const weights = source.readWeights();
    const checkIds = sampleIds(16, config.vocabSize, 3);
    const cache = source.createCache();
    const reference = Float32Array.from(await source.nextTokenLogits(checkIds, cache));
    cache.dispose();
    source.dispose();
    const onnx = encodeModel(buildGptGraph(config, weights, { merged: true, producerVersion: version })).finish();
    log(`decoder_model_merged.onnx: ${fixed(onnx.length / 2 ** 20, 1)} MiB`);
    const shape = { nLayer: config.nLayer, nHead: config.nHead, headSize: config.dModel / config.nHead };
    const context: PassContext = { config, onnx, shape, sizes, checkIds, reference, log };

    // fewshot on WASM: each thread count in a worker of its own, whose TF.js starts `wasm` on it.
    // And the opt-in float32 decoding store on 2 threads: the same weights, read by its SIMD kernel.
    const wasm = await startEngines(
      [
        ...WASM_THREADS.map((threads) => ({
          row: {
            label: `fewshot, ${threads} thread${threads === 1 ? '' : 's'}, tfjs wasm`,
            engine: 'fewshot',
            threads,
            backend: 'tfjs wasm',
          },
          start: () => fewshotWasmEngine(config, SEED, threads),
        })),
        {
          row: {
            label: 'fewshot, 2 threads, float32 decoding store',
            engine: 'fewshot',
            threads: 2,
            backend: STORED_DECODING_BACKEND,
          },
          start: () => fewshotStoredDecodingEngine(config, SEED, 2),
        },
      ],
      log,
    );
    const absent = wasm.absent;
    const passes: Pass[] = [];
    try {
      for (const peer of PEERS) passes.push(await runPass(wasm.engines, peer, context));
    } finally {
      for (const engine of wasm.engines) await engine.dispose();
    }
    // fewshot's native backend, when tfjs-node loads, against onnxruntime-node with 2 threads.
    const nodeTwo = PEERS.filter((peer) => peer.engine === 'onnxruntime-node' && peer.threads === 2);
    try {
      const choice = await selectBackend('tensorflow');
      const model = GptModel.create(config, { seed: SEED });
      const native = fewshotEngine(model, choice, version);
      const tagged = {
        ...context,
        log: (line: string) => {
          log(`tfjs-node pass: ${line}`);
        },
      };
      try {
        model.writeWeights(weights);
        for (const peer of nodeTwo) passes.push(await runPass([native], peer, tagged));
      } finally {
        await native.dispose();
        model.dispose();
      }
    } catch (error) {
      log(`fewshot on tfjs-node: absent (${firstLine(error)})`);
      absent.push({
        label: 'fewshot, tfjs tensorflow',
        engine: 'fewshot',
        threads: 0,
        backend: 'tfjs tensorflow',
        absent: firstLine(error),
      });
    } finally {
      await selectBackend('wasm');
    }
    return onnxReport({ quick, config, sizes, onnxBytes: onnx.length, passes, absent, notes });
  },
};
