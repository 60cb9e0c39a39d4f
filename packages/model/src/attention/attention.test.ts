import { type AttentionPattern, attends } from '@fewshot/config';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { randomValues, seededRandom } from '../testing/random.js';
import { TEST_BACKENDS } from '../__fixtures__/test-backends.js';
import { DENSE_QUERY_BLOCK, attend } from './attention.js';

const HEADS = 2;
const HEAD_SIZE = 4;

/**
 * Softmax attention of one head in float64 loops, masked with `attends()` from @fewshot/config:
 * the definition of each pattern, independent of the tensor code under test.
 */
function referenceAttention(
  pattern: AttentionPattern,
  q: Float32Array,
  k: Float32Array,
  v: Float32Array,
  queryStart: number,
  keyStart: number,
  scale: number,
): Float64Array {
  const queries = q.length / (HEADS * HEAD_SIZE);
  const keys = k.length / (HEADS * HEAD_SIZE);
  const out = new Float64Array(q.length);
  const at = (x: Float32Array, h: number, t: number, length: number, d: number): number =>
    x[(h * length + t) * HEAD_SIZE + d] ?? Number.NaN;
  for (let h = 0; h < HEADS; h++) {
    for (let i = 0; i < queries; i++) {
      const weights: number[] = [];
      for (let j = 0; j < keys; j++) {
        if (!attends(pattern, queryStart + i, keyStart + j)) continue;
        let dot = 0;
        for (let d = 0; d < HEAD_SIZE; d++) dot += at(q, h, i, queries, d) * at(k, h, j, keys, d);
        weights.push(j, dot * scale);
      }
      let max = -Infinity;
      for (let w = 1; w < weights.length; w += 2) max = Math.max(max, weights[w] ?? 0);
      let total = 0;
      for (let w = 1; w < weights.length; w += 2) total += Math.exp((weights[w] ?? 0) - max);
      for (let w = 0; w < weights.length; w += 2) {
        const j = weights[w] ?? 0;
        const p = Math.exp((weights[w + 1] ?? 0) - max) / total;
        for (let d = 0; d < HEAD_SIZE; d++) {
          const index = (h * queries + i) * HEAD_SIZE + d;
          out[index] = (out[index] ?? 0) + p * at(v, h, j, keys, d);
        }
      }
    }
  }
  return out;
}

function check(pattern: AttentionPattern, queries: number, queryStart: number, keyStart: number, seed: number): void {
  const keys = queryStart + queries - keyStart;
  const random = seededRandom(seed);
  const q = randomValues(random, HEADS * queries * HEAD_SIZE, 2);
  const k = randomValues(random, HEADS * keys * HEAD_SIZE, 2);
  const v = randomValues(random, HEADS * keys * HEAD_SIZE);
  const scale = 0.5;
  const expected = referenceAttention(pattern, q, k, v, queryStart, keyStart, scale);
  const actual = tf.tidy(() =>
    attend(
      pattern,
      tf.tensor4d(q, [1, HEADS, queries, HEAD_SIZE]),
      tf.tensor4d(k, [1, HEADS, keys, HEAD_SIZE]),
      tf.tensor4d(v, [1, HEADS, keys, HEAD_SIZE]),
      { queryStart, keyStart, scale, dropout: 0, training: false },
    ).dataSync(),
  );
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  actual.forEach((value, i) => (worst = Math.max(worst, Math.abs(value - (expected[i] ?? Number.NaN)))));
  expect(worst).toBeLessThan(1e-5);
}

const PATTERNS: AttentionPattern[] = [
  { type: 'dense' },
  { type: 'local', window: 1 },
  { type: 'local', window: 3 },
  { type: 'local', window: 5 },
  { type: 'strided', stride: 1 },
  { type: 'strided', stride: 3 },
  { type: 'strided', stride: 4 },
  // The seed's window plus stride: bands narrower, equal to and wider than the stride.
  { type: 'strided', stride: 2, window: 1 },
  { type: 'strided', stride: 4, window: 2 },
  { type: 'strided', stride: 5, window: 5 },
  { type: 'strided', stride: 3, window: 7 },
  { type: 'fixed', block: 4, summary: 1 },
  { type: 'fixed', block: 4, summary: 3 },
  { type: 'fixed', block: 5, summary: 5 },
];

// WASM takes other code paths (unrolled batched matMuls past 16 rows), so every backend is checked.
describe.each(TEST_BACKENDS)('attend on the %s backend', (backend) => {
  beforeAll(async () => {
    await tf.setBackend(backend);
  });

  const queryBlocksTitle =
    'runs long dense sequences in query blocks that skip the keys after each block, equal to masked dense attention';
  it(queryBlocksTitle, () => {
    const long = 2 * DENSE_QUERY_BLOCK + 45;
    check({ type: 'dense' }, long, 0, 0, long);
    check({ type: 'dense' }, long, 9, 5, long + 1);
  });

  describe.each(PATTERNS)('$type %o equals masked dense attention', (pattern) => {
    it.each([1, 2, 6, 7, 13, 21, 40])('over a whole sequence of %i positions', (length) => {
      check(pattern, length, 0, 0, length);
    });

    it.each([
      [1, 9, 0],
      [3, 9, 0],
      [1, 9, 5],
      [12, 9, 5],
    ])('for %i queries after a cache of positions [%i − …) starting at %i', (queries, queryStart, keyStart) => {
      check(pattern, queries, queryStart, keyStart, queries * 31 + queryStart);
    });
  });
});

describe('attend', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('never materialises an n × n score matrix for a local or a windowed strided layer', async () => {
    const length = 256;
    const window = 8;
    const largestOutput = async (pattern: AttentionPattern): Promise<number> => {
      const info = await tf.profile(() => {
        const x = tf.ones([1, 1, length, HEAD_SIZE]);
        return attend(pattern, x, x, x, { queryStart: 0, keyStart: 0, scale: 1, dropout: 0, training: false });
      });
      tf.dispose(info.result);
      return Math.max(
        ...info.kernels.flatMap((kernel) => kernel.outputShapes.map((shape) => shape.reduce((a, b) => a * b, 1))),
      );
    };
    expect(await largestOutput({ type: 'dense' })).toBe(length * length);
    // Scores of each query against its own block and the one before: 2·window keys.
    expect(await largestOutput({ type: 'local', window })).toBeLessThanOrEqual(length * 2 * window);
    // Each query's scores: a band of 2·window keys beside a column of n / stride rows.
    const stride = 16;
    expect(await largestOutput({ type: 'strided', stride, window })).toBeLessThanOrEqual(
      length * (2 * window + length / stride),
    );
  });
});
