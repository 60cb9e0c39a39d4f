import { createRequire } from 'node:module';
import { type ModelConfig, createModelConfig, getPreset } from '@fewshot/config';
import { type BackendChoice, GptModel, type TensorData } from '@fewshot/model';
import { selectBackend } from '@fewshot/model/node';
import { type DecoderShape, buildGptGraph, encodeModel } from '@fewshot/onnx';
import type { Suite, SuiteOptions, SuiteResult } from '../../framework/suite.js';
import { sampleIds } from '../model/generation-timing.js';
import { QUICK_LAYERS } from '../model/shapes.js';
import { type EngineRow, type Sizes, engineRow, fixed, logProbDifference, measureEngines } from './engine-timing.js';
import { type Engine, fewshotEngine, ortNodeEngine, ortWebEngine } from './engines.js';
import { type Pass, onnxReport } from './onnx-report.js';

const FULL: Sizes = { prefill: 128, decode: [128, 512], rounds: { warmup: 1, repeats: 3 }, steps: 8, warmupSteps: 2 };
const QUICK: Sizes = { prefill: 32, decode: [32, 64], rounds: { warmup: 1, repeats: 1 }, steps: 2, warmupSteps: 1 };
/** Quick mode's vocabulary: small enough that every engine loads the model in a second or two. */
const QUICK_VOCABULARY = 4096;
const SEED = 20;

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
 * fewshot and one ONNX Runtime engine, interleaved: both checked against the reference logits,
 * then timed in the same rounds. Pairs keep one ONNX Runtime copy of the weights in memory at a time.
 */
async function runPass(fewshot: Engine, peer: Peer, context: PassContext): Promise<Pass> {
  const { config, onnx, shape, sizes, checkIds, reference, log } = context;
  const label = `${peer.engine}, ${peer.threads} thread${peer.threads === 1 ? '' : 's'}, ${peer.backend}`;
  let engine: Engine;
  try {
    engine = await peer.start(onnx, shape);
  } catch (error) {
    log(`${label}: absent (${firstLine(error)})`);
    return { fewshot: engineRow(fewshot), peer: { label, ...peer, absent: firstLine(error) } };
  }
  try {
    const difference = async (candidate: Engine): Promise<number> =>
      logProbDifference(await candidate.lastLogits(checkIds), reference);
    const rows = [fewshot, engine].map(async (candidate) => ({
      ...engineRow(candidate),
      difference: await difference(candidate),
    }));
    const [fewshotRow, peerRow] = await Promise.all(rows);
    const times = await measureEngines([fewshot, engine], sizes, config.vocabSize, log);
    return { fewshot: { ...fewshotRow!, ...times.get(fewshot) }, peer: { ...peerRow!, ...times.get(engine) } };
  } finally {
    await engine.dispose();
  }
}

/** fewshot on `choice`'s backend with `weights`, through every pass of `peers`. */
async function fewshotPasses(
  choice: BackendChoice,
  weights: ReadonlyMap<string, TensorData>,
  peers: readonly Peer[],
  version: string,
  context: PassContext,
): Promise<Pass[]> {
  const model = GptModel.create(context.config, { seed: SEED });
  const fewshot = fewshotEngine(model, choice, version);
  try {
    model.writeWeights(weights);
    const passes: Pass[] = [];
    for (const peer of peers) passes.push(await runPass(fewshot, peer, context));
    return passes;
  } finally {
    await fewshot.dispose();
    model.dispose();
  }
}

export const onnxSuite: Suite = {
  name: 'onnx',
  description:
    'GPT-2 small shape, one set of random weights exported with @fewshot/onnx: fewshot vs onnxruntime-node and ' +
    'onnxruntime-web (1 and 2 threads), prefill and decode interleaved',
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
    const wasmChoice = await selectBackend('wasm');
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

    const passes = await fewshotPasses(wasmChoice, weights, PEERS, version, context);
    // fewshot's native backend, when tfjs-node loads, against onnxruntime-node with 2 threads.
    const nodeTwo = PEERS.filter((peer) => peer.engine === 'onnxruntime-node' && peer.threads === 2);
    const absent: EngineRow[] = [];
    try {
      const choice = await selectBackend('tensorflow');
      const tagged = {
        ...context,
        log: (line: string) => {
          log(`tfjs-node pass: ${line}`);
        },
      };
      passes.push(...(await fewshotPasses(choice, weights, nodeTwo, version, tagged)));
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
