import '@tensorflow/tfjs-backend-cpu';
import { createModelConfig } from '@fewshot/config';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { GptModel } from '../gpt-model.js';
import { randomValues, seededRandom } from '../testing/random.js';
import { affine } from './affine.js';
import { type DecodingProduct, setDecodingProduct } from './decoding-products.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A product that answers 7 everywhere, to see whether it was called. */
const SEVENS: DecodingProduct = { maxRows: 2, multiply: (x) => tf.fill([...x.shape.slice(0, -1), 4], 7) };

const random = seededRandom(4);
const valuesOf = (tensor: tf.Tensor): number[] => Array.from(tensor.dataSync());

describe('decoding products', () => {
  it('compute affine for inference only, for at most maxRows rows, while kernel and bias are unchanged', () => {
    const kernel = tf.variable(tf.tensor2d(randomValues(random, 12), [3, 4]));
    const bias = tf.variable(tf.tensor1d(randomValues(random, 4)));
    setDecodingProduct(kernel, bias, SEVENS);
    const x = (rows: number): tf.Tensor => tf.tensor3d(randomValues(random, rows * 3), [1, rows, 3]);
    const sevens = (rows: number): number[] => new Array<number>(rows * 4).fill(7);
    const one = x(1);
    expect(valuesOf(affine(one, kernel, bias, true))).toEqual(sevens(1));
    expect(affine(x(2), kernel, bias, true).shape).toEqual([1, 2, 4]);
    expect(valuesOf(affine(one, kernel, bias))).not.toEqual(sevens(1));
    expect(valuesOf(affine(x(3), kernel, bias, true))).not.toEqual(sevens(3));
    expect(valuesOf(affine(one, kernel, undefined, true))).not.toEqual(sevens(1));
    bias.assign(tf.tensor1d(randomValues(random, 4)));
    expect(valuesOf(affine(one, kernel, bias, true))).not.toEqual(sevens(1));
    setDecodingProduct(kernel, bias, SEVENS);
    expect(valuesOf(affine(one, kernel, bias, true))).toEqual(sevens(1));
    setDecodingProduct(kernel, bias, undefined);
    expect(valuesOf(affine(one, kernel, bias, true))).not.toEqual(sevens(1));
  });

  for (const tieEmbeddings of [true, false]) {
    it(`reach every projection and the ${tieEmbeddings ? 'tied' : 'untied'} LM head of a decoding step`, async () => {
      const config = createModelConfig({
        vocabSize: 50,
        contextLength: 16,
        dModel: 16,
        nLayer: 2,
        nHead: 2,
        tieEmbeddings,
        attention: [{ type: 'dense' }, { type: 'local', window: 4 }],
      });
      const model = GptModel.create(config, { seed: 9 });
      const ids = [3, 1, 4, 1, 5];
      const step = async (): Promise<Float32Array> => {
        const cache = model.createCache();
        await model.nextTokenLogits(ids.slice(0, -1), cache);
        const logits = Float32Array.from(await model.nextTokenLogits(ids.slice(-1), cache));
        cache.dispose();
        return logits;
      };
      const plain = await step();
      // The same products, counted: the model must give the same logits through them.
      let calls = 0;
      const named = model.namedWeights();
      const stored = [...named.keys()].filter((name) =>
        /^h\.\d+\.(attn|mlp)\.c_\w+\.weight$|^lm_head\.weight$/.test(name),
      );
      if (tieEmbeddings) stored.push('wte.weight');
      for (const name of stored) {
        const kernel = named.get(name)!.read();
        const bias = named.get(name.replace(/weight$/, 'bias'))?.read();
        const transposed = name === 'wte.weight';
        const multiply = (x: tf.Tensor): tf.Tensor => {
          calls++;
          const rows = tf.reshape<tf.Rank.R2>(x, [-1, x.shape.at(-1) ?? 0]);
          const product = tf.matMul(rows, kernel, false, transposed);
          const [outputs = 0] = product.shape.slice(-1);
          return tf.reshape(bias === undefined ? product : tf.add(product, bias), [...x.shape.slice(0, -1), outputs]);
        };
        setDecodingProduct(kernel, name.startsWith('h.') ? bias : undefined, { maxRows: 1, multiply });
      }
      const through = await step();
      // The prompt's 4 rows exceed maxRows except in the head (its last row only); the step: every product.
      expect(calls).toBe(1 + 4 * config.nLayer + 1);
      expect(Math.max(...through.map((value, i) => Math.abs(value - plain[i]!)))).toBeLessThan(1e-5);
      model.dispose();
    });
  }
});
