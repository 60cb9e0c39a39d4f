import { fromHuggingFaceConfig } from '@fewshot/config';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TinySizes, huggingFaceConfig, huggingFaceTensors, withPrefix } from '../testing/huggingface-fixture.js';
import { referenceLogProbs } from '../testing/reference-gpt.js';
import type { GptModel } from '../gpt-model.js';
import { loadHuggingFaceModel } from './huggingface-directory.js';
import type { TensorData } from '../checkpoint/tensor-data.js';

/** Checkpoints as the Hub serves them: buffers of other dtypes, bfloat16, an lm_head, and faults. */
const SIZES: TinySizes = { vocab: 40, positions: 8, d: 8, layers: 2, heads: 2 };
const IDS = [3, 1, 4, 1, 5, 9, 2, 6];
const directories: string[] = [];

type Raw = readonly [name: string, dtype: string, shape: readonly number[], bytes: Uint8Array];

/** A safetensors file written here from raw bytes, independent of the package's writer. */
function safetensorsOf(entries: readonly Raw[]): Uint8Array {
  const header: Record<string, unknown> = {};
  let offset = 0;
  for (const [name, dtype, shape, bytes] of entries) {
    header[name] = { dtype, shape, data_offsets: [offset, offset + bytes.byteLength] };
    offset += bytes.byteLength;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.byteLength + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.byteLength), true);
  out.set(json, 8);
  let at = 8 + json.byteLength;
  for (const [, , , bytes] of entries) {
    out.set(bytes, at);
    at += bytes.byteLength;
  }
  return out;
}

const f32 = (tensor: TensorData): Uint8Array => new Uint8Array(Float32Array.from(tensor.data).buffer);
const bf16 = (tensor: TensorData): Uint8Array => {
  const bits = new Uint32Array(Float32Array.from(tensor.data).buffer);
  return new Uint8Array(Uint16Array.from(bits, (value) => value >>> 16).buffer);
};
/** The values a BF16 file holds: float32 with the low 16 bits cleared. */
const bf16Values = (tensor: TensorData): TensorData => {
  const bits = new Uint32Array(Float32Array.from(tensor.data).buffer).map((value) => value & 0xffff0000);
  return { shape: tensor.shape, data: new Float32Array(bits.buffer) };
};

async function directoryWith(config: Record<string, unknown>, entries: readonly Raw[]): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'fewshot-published-'));
  directories.push(directory);
  await writeFile(join(directory, 'config.json'), JSON.stringify(config));
  await writeFile(join(directory, 'model.safetensors'), safetensorsOf(entries));
  return directory;
}

function logProbs(model: GptModel): Float32Array {
  const { logits } = model.forward(IDS);
  const values = tf.tidy(() => tf.logSoftmax(logits).dataSync() as Float32Array);
  logits.dispose();
  return values;
}

function worst(actual: Float32Array, expected: Float64Array[]): number {
  return Math.max(
    ...expected.flatMap((row, t) =>
      [...row].map((value, v) => Math.abs(value - (actual[t * SIZES.vocab + v] ?? Number.NaN))),
    ),
  );
}

/** A lower-triangular causal mask, as transformers registers it, in BOOL or U8 bytes. */
const mask = (): Uint8Array =>
  Uint8Array.from({ length: SIZES.positions ** 2 }, (_, i) =>
    i % SIZES.positions <= Math.floor(i / SIZES.positions) ? 1 : 0,
  );

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(() => Promise.all(directories.map((directory) => rm(directory, { recursive: true, force: true }))));

describe.each(['gpt2', 'gpt_neo'] as const)('a published %s checkpoint', (modelType) => {
  const tensors = huggingFaceTensors(modelType, SIZES, 5);
  const json = huggingFaceConfig(modelType, SIZES, 3);
  const { config } = fromHuggingFaceConfig(json);
  const buffers = (dtype: 'BOOL' | 'U8'): Raw[] =>
    Array.from({ length: SIZES.layers }, (_, layer): Raw[] => {
      const prefix = modelType === 'gpt2' ? `transformer.h.${layer}.attn` : `transformer.h.${layer}.attn.attention`;
      return [
        [`${prefix}.bias`, dtype, [1, 1, SIZES.positions, SIZES.positions], mask()],
        [`${prefix}.masked_bias`, 'F32', [], new Uint8Array(Float32Array.of(-1e9).buffer)],
      ];
    }).flat();

  it.each(['BOOL', 'U8'] as const)(
    'loads with %s mask buffers beside BF16 weights, as the reference computes',
    async (dtype) => {
      const weights = [...withPrefix(tensors, 'transformer.')].map(
        ([name, tensor]): Raw => [name, 'BF16', tensor.shape, bf16(tensor)],
      );
      const loaded = await loadHuggingFaceModel(await directoryWith(json, [...weights, ...buffers(dtype)]));
      const rounded = new Map([...tensors].map(([name, tensor]) => [name, bf16Values(tensor)]));
      expect(worst(logProbs(loaded.model), referenceLogProbs(rounded, config, modelType, IDS))).toBeLessThan(1e-4);
      loaded.model.dispose();
    },
  );

  it('accepts an lm_head.weight equal to the tied embedding', async () => {
    const weights = [...withPrefix(tensors, 'transformer.')].map(
      ([name, tensor]): Raw => [name, 'F32', tensor.shape, f32(tensor)],
    );
    const wte = tensors.get('wte.weight') ?? { shape: [], data: new Float32Array() };
    const loaded = await loadHuggingFaceModel(
      await directoryWith(json, [...weights, ['lm_head.weight', 'F32', wte.shape, f32(wte)]]),
    );
    expect(worst(logProbs(loaded.model), referenceLogProbs(tensors, config, modelType, IDS))).toBeLessThan(1e-4);
    loaded.model.dispose();
  });

  it('uses lm_head.weight when the config unties it', async () => {
    const untied = { ...json, tie_word_embeddings: false };
    const head: TensorData = {
      shape: [SIZES.vocab, SIZES.d],
      data: Float32Array.from({ length: SIZES.vocab * SIZES.d }, (_, i) => Math.sin(i) * 0.3),
    };
    const all = new Map([...tensors, ['lm_head.weight', head]]);
    const entries = [...withPrefix(tensors, 'transformer.'), ['lm_head.weight', head] as const].map(
      ([name, tensor]): Raw => [name, 'F32', tensor.shape, f32(tensor)],
    );
    const loaded = await loadHuggingFaceModel(await directoryWith(untied, entries));
    const reference = referenceLogProbs(all, fromHuggingFaceConfig(untied).config, modelType, IDS);
    expect(worst(logProbs(loaded.model), reference)).toBeLessThan(1e-4);
    loaded.model.dispose();
  });
});

describe('faults of published checkpoints', () => {
  const tensors = huggingFaceTensors('gpt2', SIZES, 6);
  const json = huggingFaceConfig('gpt2', SIZES, 3);
  const entries = (replace: Record<string, Raw> = {}): Raw[] =>
    [...tensors].map(([name, tensor]): Raw => replace[name] ?? [name, 'F32', tensor.shape, f32(tensor)]);

  it('refuses an lm_head.weight that differs from the tied embedding', async () => {
    const wte = tensors.get('wte.weight') ?? { shape: [], data: new Float32Array() };
    const other = { shape: wte.shape, data: wte.data.map((value) => value + 1) };
    const directory = await directoryWith(json, [...entries(), ['lm_head.weight', 'F32', wte.shape, f32(other)]]);
    await expect(loadHuggingFaceModel(directory)).rejects.toThrow(
      `${join(
        directory,
        'model.safetensors',
      )}: tensor "lm_head.weight": differs from wte.weight but config.json ties them`,
    );
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY])('names the tensor and element holding %s', async (value) => {
    const weight = tensors.get('h.1.mlp.c_fc.weight') ?? { shape: [], data: new Float32Array() };
    const data = Float32Array.from(weight.data);
    data[1 * 32 + 5] = value;
    const directory = await directoryWith(
      json,
      entries({ 'h.1.mlp.c_fc.weight': ['h.1.mlp.c_fc.weight', 'F32', weight.shape, new Uint8Array(data.buffer)] }),
    );
    await expect(loadHuggingFaceModel(directory)).rejects.toThrow(
      `${join(directory, 'model.safetensors')}: tensor "h.1.mlp.c_fc.weight": holds ${String(
        value,
      )} at [1, 5]; weights must be finite`,
    );
  });

  it('refuses a weight stored as integers', async () => {
    const directory = await directoryWith(
      json,
      entries({ 'ln_f.bias': ['ln_f.bias', 'I32', [SIZES.d], new Uint8Array(4 * SIZES.d)] }),
    );
    await expect(loadHuggingFaceModel(directory)).rejects.toThrow(
      'tensor "ln_f.bias": has dtype I32; a weight must be one of F32, F16, BF16',
    );
  });

  it('gives one line for a shape no file can hold', async () => {
    const directory = await directoryWith(
      json,
      entries({ 'ln_f.bias': ['ln_f.bias', 'F32', [2 ** 40, 2 ** 40], new Uint8Array(0)] }),
    );
    await expect(loadHuggingFaceModel(directory)).rejects.toThrow(
      `${join(
        directory,
        'model.safetensors',
      )}: tensor "ln_f.bias": shape [1099511627776,1099511627776] has more elements than any file can hold`,
    );
  });
});
