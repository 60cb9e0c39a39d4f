import { type ModelConfigInput, createModelConfig } from '@fewshot/config';
import { GptModel, type TensorData } from '@fewshot/model';
import { type TensorConstructor, decoderFeeds, presentsAsPast } from '../decoder-feeds.js';

/** The slice of onnxruntime's API (node and web share it) the checks use. */
export interface OrtTensor {
  readonly dims: readonly number[];
  readonly data: unknown;
}
export interface OrtSession {
  readonly inputNames: readonly string[];
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
}
export interface OrtModule {
  readonly Tensor: TensorConstructor<OrtTensor>;
}

/** GPT-2-shaped (every layer dense, q/k/v biases, scaled scores) and GPT-Neo-shaped (dense + local(3), neither). */
export const TINY_CONFIGS: Record<'gpt2' | 'neo', ModelConfigInput> = {
  gpt2: { name: 'tiny-gpt2', vocabSize: 61, contextLength: 24, dModel: 16, nLayer: 2, nHead: 2 },
  neo: {
    name: 'tiny-neo',
    vocabSize: 61,
    contextLength: 24,
    dModel: 16,
    nLayer: 2,
    nHead: 4,
    scaleAttentionScores: false,
    qkvBias: false,
    attention: [{ type: 'dense' }, { type: 'local', window: 3 }],
  },
};

/**
 * A small model whose every weight is random: LayerNorm gains and all biases too (a fresh model
 * has gains 1 and biases 0, under which a dropped bias or gain would go unnoticed).
 */
export function randomModel(input: ModelConfigInput, seed = 7): GptModel {
  const model = GptModel.create(createModelConfig(input), { seed });
  let state = seed;
  const random = (): number => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31 - 0.5;
  };
  const weights = new Map<string, TensorData>();
  for (const [name, { shape, data }] of model.readWeights()) {
    const isGain = name.endsWith('ln_1.weight') || name.endsWith('ln_2.weight') || name === 'ln_f.weight';
    weights.set(name, { shape, data: data.map((value) => (isGain ? 1 + random() : value + 0.2 * random())) });
  }
  model.writeWeights(weights);
  return model;
}

/** Log-softmax of one logits row, in float64. */
export function logSoftmax(row: Float32Array): Float64Array {
  const values = Float64Array.from(row);
  const max = values.reduce((a, b) => Math.max(a, b), -Infinity);
  const log = Math.log(values.reduce((sum, value) => sum + Math.exp(value - max), 0)) + max;
  return values.map((value) => value - log);
}

/** Log-probabilities of every next token after each position of `ids`, from the model itself (no cache). */
export function referenceLogProbs(model: GptModel, ids: readonly number[]): Float64Array[] {
  const { logits } = model.forward(ids);
  const data = logits.dataSync() as Float32Array;
  logits.dispose();
  const vocab = model.config.vocabSize;
  return ids.map((_, t) => logSoftmax(data.subarray(t * vocab, (t + 1) * vocab)));
}

/** Deterministic token ids. */
export function sequence(length: number, vocab: number, offset: number): number[] {
  return Array.from({ length }, (_, i) => ((offset + i) * 37 + 11) % vocab);
}

/**
 * Runs `sequences` (left-padded to one length) through `session`: a prefill of all but the last
 * `steps` tokens with an empty past, then `steps` one-token steps that feed back `present.*` as
 * `past_key_values.*`, as Optimum's and transformers.js's generation loops do. Returns, per
 * sequence, the log-probabilities at each of its real positions, prefill and steps, in order.
 */
export async function runDecoder(
  ort: OrtModule,
  session: OrtSession,
  model: GptModel,
  sequences: readonly (readonly number[])[],
  steps: number,
): Promise<Float64Array[][]> {
  const { nHead, dModel, nLayer, vocabSize } = model.config;
  const shape = { nLayer, nHead, headSize: dModel / nHead };
  const prefillLengths = sequences.map((ids) => ids.length - steps);
  const width = Math.max(...prefillLengths);
  const padding = (b: number): number[] => Array<number>(width - prefillLengths[b]!).fill(0);
  const mask = prefillLengths.map((length, b) => [...padding(b), ...Array<number>(length).fill(1)]);
  const results: Float64Array[][] = sequences.map(() => []);
  const merged = session.inputNames.includes('use_cache_branch');
  let past: Record<string, OrtTensor> | undefined;
  for (let step = 0; step <= steps; step++) {
    const ids = sequences.map((sequenceIds, b) =>
      step === 0
        ? [...padding(b), ...sequenceIds.slice(0, prefillLengths[b])]
        : [sequenceIds[prefillLengths[b]! + step - 1]!],
    );
    if (step > 0) for (const row of mask) row.push(1);
    const outputs = await session.run(
      decoderFeeds(ort.Tensor, shape, { ids, mask, merged, ...(past === undefined ? {} : { past }) }),
    );
    const logits = outputs.logits!.data as Float32Array;
    const time = ids[0]!.length;
    ids.forEach((_, b) => {
      for (let t = 0; t < time; t++) {
        if (mask[b]![mask[b]!.length - time + t] === 0) continue;
        const offset = (b * time + t) * vocabSize;
        results[b]!.push(logSoftmax(logits.subarray(offset, offset + vocabSize)));
      }
    });
    past = presentsAsPast(outputs, nLayer);
  }
  return results;
}

/** Largest absolute difference between two lists of log-probability rows. */
export function maxDifference(actual: readonly Float64Array[], expected: readonly Float64Array[]): number {
  if (actual.length !== expected.length) throw new Error(`rows: ${actual.length} vs ${expected.length}`);
  let max = 0;
  actual.forEach((row, i) => {
    const other = expected[i]!;
    if (row.length !== other.length) throw new Error(`row ${i}: ${row.length} vs ${other.length} values`);
    for (let j = 0; j < row.length; j++) max = Math.max(max, Math.abs(row[j]! - other[j]!));
  });
  return max;
}

/**
 * The decoder of `model` in `session` against the model itself: batch 1, and batch 2 with the
 * shorter sequence left-padded, each a prefill then three cached steps. Returns the largest
 * log-probability difference over every real position.
 */
export async function decoderDifference(ort: OrtModule, session: OrtSession, model: GptModel): Promise<number> {
  const vocab = model.config.vocabSize;
  const long = sequence(11, vocab, 1);
  const short = sequence(8, vocab, 5);
  let max = 0;
  for (const batch of [[long], [long, short]]) {
    const actual = await runDecoder(ort, session, model, batch, 3);
    batch.forEach((ids, b) => {
      max = Math.max(max, maxDifference(actual[b]!, referenceLogProbs(model, ids)));
    });
  }
  return max;
}
