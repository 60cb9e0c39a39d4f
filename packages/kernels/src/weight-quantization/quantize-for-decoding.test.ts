import { type ModelConfig, createModelConfig, getPreset } from '@fewshot/config';
import {
  type DecodingProduct,
  GptModel,
  type TensorData,
  decodingProductFor,
  tokenLogProbabilities,
} from '@fewshot/model';
import { selectBackend } from '@fewshot/model/node';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodingTestIds, smallDecodingConfig } from '../__fixtures__/small-decoding-model.js';
import { installKernels } from '../install-kernels.js';
import { fromFloat16Bits, toFloat16Bits } from './float16.js';
import {
  DECODING_TOLERANCES,
  decodedLogProbabilities,
  logProbabilityShift,
  shiftBetween,
} from './log-probability-shift.js';
import { quantizeForDecoding } from './quantize-for-decoding.js';
import { DECODING_DTYPES, type DecodingDtype } from './weight-layout.js';

const PROJECTION = /^h\.\d+\.(attn\.c_attn|attn\.c_proj|mlp\.c_fc|mlp\.c_proj)\.weight$|^lm_head\.weight$/;

/**
 * The stored weights as float32, computed here from the rules the storage states: int8 rounds
 * W[k, j] / s_j to nearest with s_j = max_k |W[k, j]| / 127 (as float32); float16 rounds to the
 * nearest half; float32 keeps every value. Weights `[in, out]` (the projections and an untied head).
 */
function dequantised(weights: ReadonlyMap<string, TensorData>, dtype: DecodingDtype): Map<string, TensorData> {
  return new Map(
    [...weights].map(([name, { shape, data }]) => {
      if (!PROJECTION.test(name)) return [name, { shape, data }];
      const [inputs = 0, outputs = 0] = shape;
      const rounded = new Float32Array(data.length);
      for (let j = 0; j < outputs; j++) {
        let largest = 0;
        for (let k = 0; k < inputs; k++) largest = Math.max(largest, Math.abs(data[k * outputs + j] ?? 0));
        const scale = Math.fround(largest / 127);
        for (let k = 0; k < inputs; k++) {
          const value = data[k * outputs + j] ?? 0;
          // Math.round breaks ties upwards, the storage to even: random weights never sit on a tie.
          const int8 = scale === 0 ? 0 : Math.round(value / scale) * scale;
          rounded[k * outputs + j] = dtype === 'int8' ? int8 : fromFloat16Bits(toFloat16Bits(value));
        }
      }
      return [name, { shape, data: dtype === 'float32' ? data : rounded }];
    }),
  );
}

/** A small untied model without q/k/v biases (GPT-Neo's projections): every kind of stored weight. */
const UNTIED: ModelConfig = smallDecodingConfig('untied test model', { tieEmbeddings: false, qkvBias: false });
const IDS = decodingTestIds(UNTIED);

beforeAll(async () => {
  installKernels();
  await selectBackend('wasm');
});

describe('quantizeForDecoding', () => {
  it('stores every projection and the LM head as the decoding product, in ¼, ½ or all of their bytes', async () => {
    const config = createModelConfig({ ...UNTIED, tieEmbeddings: true, dModel: 256, dFf: 1024, vocabSize: 4096 });
    const model = GptModel.create(config, { seed: 3 });
    const { nLayer, dModel, dFf, vocabSize } = config;
    // q/k/v have no biases in this config; c_proj, c_fc and the MLP's c_proj have theirs.
    const projections = dModel * 3 * dModel + dModel * dModel + dModel + dModel * dFf + dFf + dFf * dModel + dModel;
    for (const [dtype, fraction] of [
      ['int8', 1 / 4],
      ['float16', 1 / 2],
      ['float32', 1],
    ] as const) {
      const weights = await quantizeForDecoding(model, dtype);
      expect(weights.names).toEqual([
        ...Array.from({ length: nLayer }, (_, i) =>
          ['attn.c_attn', 'attn.c_proj', 'mlp.c_fc', 'mlp.c_proj'].map((p) => `h.${i}.${p}.weight`),
        ).flat(),
        'wte.weight',
      ]);
      expect(weights.float32Bytes).toBe(4 * (nLayer * projections + vocabSize * dModel));
      // Besides the weights: a float32 scale (int8) and bias per output, and alignment.
      expect(weights.bytes / weights.float32Bytes).toBeGreaterThanOrEqual(fraction);
      expect(weights.bytes / weights.float32Bytes).toBeLessThan(fraction * 1.05);
      // Each weight's products of up to maxRows rows are the stored copy's, until dispose.
      const products = (rows: number): (DecodingProduct | undefined)[] =>
        weights.names.map((name) => {
          const named = model.namedWeights();
          const bias = named.get(name.replace(/\.weight$/, '.bias'))?.read();
          return decodingProductFor(named.get(name)!.read(), bias, rows);
        });
      expect(products(weights.maxRows).every((product) => product !== undefined)).toBe(true);
      expect(products(weights.maxRows + 1).every((product) => product === undefined)).toBe(true);
      weights.dispose();
      expect(products(1).every((product) => product === undefined)).toBe(true);
    }
    model.dispose();
  });

  for (const dtype of DECODING_DTYPES) {
    it(`${dtype}: decoding equals float32 decoding with the stored (rounded) weights`, async () => {
      const model = GptModel.create(UNTIED, { seed: 11 });
      const original = model.readWeights();
      model.writeWeights(dequantised(original, dtype));
      const reference = await decodedLogProbabilities(model, IDS);
      model.writeWeights(original);
      const weights = await quantizeForDecoding(model, dtype);
      const difference = shiftBetween(await decodedLogProbabilities(model, IDS), reference);
      // Float16 and float32: the same products summed in another order (float32 rounding only). Int8:
      // also each row of inputs rounded to 16 bits (steps of max|row| / 32767), a perturbation 30 times
      // finer than float16's rounding of weights (2^-11): held to float16's tolerance against float32.
      const bound = dtype === 'int8' ? DECODING_TOLERANCES.float16 : { meanAbsolute: 1e-5, max: 1e-4 };
      expect(difference.meanAbsolute).toBeLessThanOrEqual(bound.meanAbsolute);
      expect(difference.max).toBeLessThanOrEqual(bound.max);
      weights.dispose();
      model.dispose();
    });
  }

  it('multiplies inputs of any rank [..., in] into [..., out], on WASM and through the data elsewhere', async () => {
    const model = GptModel.create(UNTIED, { seed: 12 });
    const weights = await quantizeForDecoding(model, 'float32');
    const named = model.namedWeights();
    const kernel = named.get('h.0.mlp.c_fc.weight')!.read();
    const bias = named.get('h.0.mlp.c_fc.bias')!.read();
    const product = decodingProductFor(kernel, bias, 3)!;
    const x = tf.randomNormal([1, 3, UNTIED.dModel], 0, 1, 'float32', 5);
    // The reference: TF.js's own product of the same float32 weights, on the CPU backend.
    const reference = async (): Promise<Float32Array> => {
      await tf.setBackend('cpu');
      const rows = tf.reshape<tf.Rank.R2>(x, [3, UNTIED.dModel]);
      const values = (await tf.add(tf.matMul(rows, kernel), bias).data()) as Float32Array;
      await tf.setBackend('wasm');
      return values;
    };
    const expected = await reference();
    for (const backend of ['wasm', 'cpu'] as const) {
      await tf.setBackend(backend);
      for (const input of [x, tf.reshape(x, [3, UNTIED.dModel]), tf.reshape(x, [3, 1, UNTIED.dModel])]) {
        const y = product.multiply(input);
        expect(y.shape, `${backend}, x ${JSON.stringify(input.shape)}`).toEqual([
          ...input.shape.slice(0, -1),
          UNTIED.dFf,
        ]);
        const values = await y.data();
        const largest = Math.max(...Array.from(values, (value, i) => Math.abs(value - expected[i]!)));
        expect(largest, `${backend}, x ${JSON.stringify(input.shape)}`).toBeLessThan(1e-4);
      }
    }
    await tf.setBackend('wasm');
    weights.dispose();
    model.dispose();
  });

  it('leaves prefills of more rows than maxRows, and weights written later, to float32', async () => {
    const model = GptModel.create(UNTIED, { seed: 5 });
    const prefill = async (): Promise<Float32Array> => {
      const { logits } = model.forward(IDS.slice(0, 9));
      const values = (await logits.data()) as Float32Array;
      logits.dispose();
      return values;
    };
    const float32Prefill = await prefill();
    const float32Steps = await decodedLogProbabilities(model, IDS);
    const weights = await quantizeForDecoding(model, 'int8', { maxRows: 8 });
    expect(await prefill()).toEqual(float32Prefill);
    expect(await decodedLogProbabilities(model, IDS)).not.toEqual(float32Steps);
    model.writeWeights(model.readWeights());
    expect(await decodedLogProbabilities(model, IDS)).toEqual(float32Steps);
    weights.dispose();
    model.dispose();
  });

  it('gives the model its float32 products back on dispose; quantising again replaces the last', async () => {
    const model = GptModel.create(UNTIED, { seed: 7 });
    const float32 = await decodedLogProbabilities(model, IDS);
    const int8 = await quantizeForDecoding(model, 'int8');
    const int8LogProbs = await decodedLogProbabilities(model, IDS);
    const float16 = await quantizeForDecoding(model, 'float16');
    const float16LogProbs = await decodedLogProbabilities(model, IDS);
    expect(float16LogProbs).not.toEqual(int8LogProbs);
    int8.dispose();
    expect(await decodedLogProbabilities(model, IDS)).toEqual(float16LogProbs);
    float16.dispose();
    expect(await decodedLogProbabilities(model, IDS)).toEqual(float32);
    model.dispose();
  });

  it('decodes on two threads exactly as on one, and on one by default on a one-thread WASM backend', async () => {
    const model = GptModel.create(UNTIED, { seed: 11 });
    for (const dtype of DECODING_DTYPES) {
      const one = await quantizeForDecoding(model, dtype);
      // The tests' WASM backend runs one thread (FEWSHOT_WASM_THREADS=1).
      expect(one.threads).toBe(1);
      const single = await decodedLogProbabilities(model, IDS);
      const two = await quantizeForDecoding(model, dtype, { threads: 2 });
      expect(two.threads).toBe(2);
      expect(await decodedLogProbabilities(model, IDS), dtype).toEqual(single);
      two.dispose();
    }
    model.dispose();
  });

  it('refuses an unknown dtype or row limit, naming it', async () => {
    const model = GptModel.create(UNTIED, { seed: 1 });
    await expect(quantizeForDecoding(model, 'int4' as DecodingDtype)).rejects.toThrow(
      'dtype = "int4" is invalid: expected one of int8, float16, float32',
    );
    await expect(quantizeForDecoding(model, 'int8', { maxRows: 0 })).rejects.toThrow(
      'maxRows = 0 is invalid: expected an integer >= 1 or Infinity',
    );
    await expect(quantizeForDecoding(model, 'int8', { threads: 4 })).rejects.toThrow(
      'threads = 4 is invalid: expected 1 or 2',
    );
    model.dispose();
  });

  it('decodes the same log-probabilities as one forward pass scores', async () => {
    const model = GptModel.create(UNTIED, { seed: 2 });
    const decoded = await decodedLogProbabilities(model, IDS);
    const scored = tokenLogProbabilities(model, IDS);
    expect(Math.max(...decoded.map((value, i) => Math.abs(value - scored[i]!)))).toBeLessThan(1e-4);
    model.dispose();
  });

  it("keeps GPT-2 small's shape (seeded random weights) within the tolerances", async () => {
    const config = getPreset('gpt2');
    const model = GptModel.create(config, { seed: 20 });
    const ids = Array.from({ length: 33 }, (_, i) => (i * 7919 + 13) % config.vocabSize);
    for (const dtype of DECODING_DTYPES) {
      const shift = await logProbabilityShift(model, ids, dtype);
      for (const measure of ['meanShift', 'meanAbsolute', 'max'] as const) {
        expect(shift[measure], `${dtype} ${measure}`).toBeLessThanOrEqual(DECODING_TOLERANCES[dtype][measure]);
      }
    }
    model.dispose();
    // 124M seeded random weights, three stores, 33 decoding steps each: 270–290 s in CI beside the other
    // packages' tests on a 2-core AMD EPYC without AVX-512 (the 240 s this had was exceeded there).
  }, 600_000);
});
