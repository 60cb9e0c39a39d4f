import { seededRandom } from '@fewshot/model/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHUNK_STEPS } from './blocked-product.js';
import { DecodingWeightStore } from './decoding-weight-store.js';
import { DECODING_DTYPES, type WeightMatrix } from './weight-layout.js';

/** Unit roundoff of float32. */
const U = 2 ** -24;

function normal(next: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
}

/**
 * `[inputs, outputs]` weights that 8-bit storage keeps exactly: column j is q · s_j with integer
 * q in −127…127, one entry ±127 (so max |column| / 127 = s_j), s_j a float32 of few bits. Column 1
 * is all zeros.
 */
function int8Exact(next: () => number, inputs: number, outputs: number): Float32Array {
  const values = new Float32Array(inputs * outputs);
  for (let j = 0; j < outputs; j++) {
    if (j === 1) continue;
    const scale = (1 + Math.floor(next() * 255)) * 2 ** -(10 + Math.floor(next() * 8));
    const extreme = Math.floor(next() * inputs);
    for (let k = 0; k < inputs; k++) {
      const level = k === extreme ? (next() < 0.5 ? -127 : 127) : Math.round((next() * 2 - 1) * 127);
      values[k * outputs + j] = level * scale;
    }
  }
  return values;
}

/**
 * Weights that are IEEE halves exactly: normals ± (1024 + m)·2^(e − 25) with exponents e in 1…20
 * (2^-14 up to 64), subnormals ± m·2^-24, and some zeros.
 */
function float16Exact(next: () => number, length: number): Float32Array {
  return Float32Array.from({ length }, () => {
    const sign = next() < 0.5 ? -1 : 1;
    const fraction = Math.floor(next() * 1024);
    const kind = next();
    if (kind < 0.02) return 0;
    if (kind < 0.1) return sign * fraction * 2 ** -24;
    return sign * (1024 + fraction) * 2 ** (1 + Math.floor(next() * 20) - 25);
  });
}

/**
 * Float32 weights of magnitudes 2^-100 to 2^100, some subnormals and some zeros. Every column
 * mixes them, so its sums are far above the subnormal range and each is held to float32's
 * relative rounding.
 */
function float32Wide(next: () => number, length: number): Float32Array {
  return Float32Array.from({ length }, () => {
    const kind = next();
    if (kind < 0.02) return 0;
    if (kind < 0.05) return normal(next) * 2 ** -140;
    return normal(next) * 2 ** (-100 + Math.floor(next() * 200));
  });
}

/** The transpose of row-major `[rows, columns]`. */
function transpose(values: Float32Array, rows: number, columns: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) out[c * rows + r] = values[r * columns + c]!;
  return out;
}

/** Float64 `x · W + b` (W `in-out`) and, per entry, Σ_k |x_k · W_kj| + |b_j|: what rounding errors scale with. */
function reference(x: Float32Array, rows: number, w: WeightMatrix, bias: Float32Array) {
  const { values, inputs, outputs } = w;
  const exact = new Float64Array(rows * outputs);
  const magnitude = new Float64Array(rows * outputs);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < outputs; j++) {
      let sum = bias[j]!;
      let size = Math.abs(bias[j]!);
      for (let k = 0; k < inputs; k++) {
        const term = x[r * inputs + k]! * values[k * outputs + j]!;
        sum += term;
        size += Math.abs(term);
      }
      exact[r * outputs + j] = sum;
      magnitude[r * outputs + j] = size;
    }
  }
  return { exact, magnitude };
}

/** A matrix `[inputs, outputs]`. */
const inOut = (values: Float32Array, inputs: number, outputs: number): WeightMatrix => ({
  values,
  inputs,
  outputs,
  layout: 'in-out',
});

const SHAPES = [
  { inputs: 37, outputs: 21 },
  { inputs: 64, outputs: 48 },
  // More than two chunks of int8 steps (pairs of inputs), so partial sums move to the output several times.
  { inputs: 2 * CHUNK_STEPS * 2 + 75, outputs: 33 },
];
const ROWS = [1, 2, 3, 8, 11];

// Every reference test runs on one thread and on two (the second half of each product's column blocks in a worker).
describe.each([1, 2])('DecodingWeightStore on %i thread(s)', (threads) => {
  let store: DecodingWeightStore;
  beforeAll(async () => {
    store = await DecodingWeightStore.create({ threads });
  });
  afterAll(() => {
    store.dispose();
  });

  for (const { inputs, outputs } of SHAPES) {
    for (const [dtype, weightsFor] of [
      ['float16', float16Exact],
      ['float32', float32Wide],
    ] as const) {
      it(`${dtype}: x · W + b within float32 rounding of float64, ${inputs} × ${outputs}, both layouts`, () => {
        const next = seededRandom(inputs * 1000 + outputs);
        const values = weightsFor(next, inputs * outputs);
        const bias = Float32Array.from({ length: outputs }, () => normal(next));
        const matrices: WeightMatrix[] = [
          inOut(values, inputs, outputs),
          { values: transpose(values, inputs, outputs), inputs, outputs, layout: 'out-in' },
        ];
        for (const matrix of matrices) {
          const stored = store.add(`w ${matrix.layout}`, matrix, dtype, bias);
          for (const rows of ROWS) {
            const x = Float32Array.from({ length: rows * inputs }, () => normal(next));
            const y = stored.multiply(x, rows);
            const { exact, magnitude } = reference(x, rows, inOut(values, inputs, outputs), bias);
            // Float32 sums of n terms are off by at most n·u·Σ|terms| (Higham's γ_n); the kernel adds
            // `inputs` products, then its partial sums and the bias, and scales exactly (by powers of two).
            const bound = (i: number): number => (inputs + 4) * U * magnitude[i]!;
            const worst = Array.from(y, (value, i) => Math.abs(value - exact[i]!) / bound(i));
            expect(Math.max(...worst), `${matrix.layout}, ${rows} rows`).toBeLessThanOrEqual(1);
          }
        }
      });
    }

    it(`int8: x · W + b within the 16-bit rounding of x plus float32 rounding, ${inputs} × ${outputs}`, () => {
      const next = seededRandom(inputs * 7 + outputs);
      const values = int8Exact(next, inputs, outputs);
      const bias = Float32Array.from({ length: outputs }, () => normal(next));
      const stored = store.add('w', inOut(values, inputs, outputs), 'int8', bias);
      for (const rows of ROWS) {
        const x = Float32Array.from({ length: rows * inputs }, () => normal(next) * 3);
        const y = stored.multiply(x, rows);
        const { exact, magnitude } = reference(x, rows, inOut(values, inputs, outputs), bias);
        const chunks = Math.ceil(inputs / 2 / CHUNK_STEPS);
        const failures: string[] = [];
        for (let r = 0; r < rows; r++) {
          let largest = 0;
          for (let k = 0; k < inputs; k++) largest = Math.max(largest, Math.abs(x[r * inputs + k] ?? 0));
          // Each input is rounded to a multiple of step = max|x_row| / 32767: off by ≤ step / 2, plus
          // the float32 rounding of x · (32767 / max) (≤ 32767 · 2^-23 < 2^-7 of a step).
          const step = (largest / 32767) * (1 + 2 ** -6);
          for (let j = 0; j < outputs; j++) {
            let columnSize = 0;
            for (let k = 0; k < inputs; k++) columnSize += Math.abs(values[k * outputs + j] ?? 0);
            const i = r * outputs + j;
            // Integer sums are exact; float32 rounds each chunk's conversion and addition, the scale and the bias.
            const bound = (step / 2) * columnSize + (2 * chunks + 4) * U * ((magnitude[i] ?? 0) * (1 + 1e-4));
            const error = Math.abs((y[i] ?? 0) - (exact[i] ?? 0));
            if (error > bound) failures.push(`row ${r} column ${j}: ${y[i]} vs ${exact[i]} (bound ${bound})`);
          }
        }
        expect(failures, `${rows} rows`).toEqual([]);
      }
    });
  }

  it('int8 sums the largest products without overflowing its 32-bit accumulators', () => {
    // Every weight and input at its largest level (127 and 32767): each chunk's sums are at their
    // bound, and the exact result is the number of inputs.
    const inputs = 4 * CHUNK_STEPS * 2 + 6;
    const outputs = 16;
    for (const sign of [1, -1]) {
      const ones = new Float32Array(inputs * outputs).fill(sign);
      const stored = store.add('ones', inOut(ones, inputs, outputs), 'int8');
      const y = stored.multiply(new Float32Array(inputs).fill(1), 1);
      expect(Math.max(...y.map((value) => Math.abs(value - sign * inputs)))).toBeLessThanOrEqual(inputs * 8 * U);
    }
  });

  it('int8 keeps each weight within half its column scale (max |column| / 127)', () => {
    const next = seededRandom(5);
    const [inputs, outputs] = [40, 19];
    const values = Float32Array.from({ length: inputs * outputs }, () => normal(next) * 0.05);
    const stored = store.add('any', inOut(values, inputs, outputs), 'int8');
    // One-hot rows read the stored weights back: the 16-bit rounding of x = e_k is exact.
    const identity = new Float32Array(inputs * inputs);
    for (let k = 0; k < inputs; k++) identity[k * inputs + k] = 1;
    const read = stored.multiply(identity, inputs);
    for (let j = 0; j < outputs; j++) {
      let largest = 0;
      for (let k = 0; k < inputs; k++) largest = Math.max(largest, Math.abs(values[k * outputs + j] ?? 0));
      const halfStep = (largest / 127 / 2) * (1 + 1e-6);
      for (let k = 0; k < inputs; k++) {
        expect(Math.abs((read[k * outputs + j] ?? 0) - (values[k * outputs + j] ?? 0))).toBeLessThanOrEqual(halfStep);
      }
    }
  });

  it('float32 stores every weight unchanged, subnormals and float32 extremes included', () => {
    const [inputs, outputs] = [5, 19];
    const next = seededRandom(9);
    const values = float32Wide(next, inputs * outputs);
    values.set([3.4028234663852886e38, -3.4028234663852886e38, 2 ** -149, -(2 ** -149), 2 ** -126], 7);
    for (const matrix of [
      inOut(values, inputs, outputs),
      { values: transpose(values, inputs, outputs), inputs, outputs, layout: 'out-in' } as const,
    ]) {
      const stored = store.add('w', matrix, 'float32');
      // One-hot rows read the stored weights back: each output is one weight times 1 plus zeros.
      const identity = new Float32Array(inputs * inputs);
      for (let k = 0; k < inputs; k++) identity[k * inputs + k] = 1;
      expect(stored.multiply(identity, inputs), matrix.layout).toEqual(values);
    }
  });

  it('gives NaN for a row with a non-finite input, and zeros-only rows give the bias', () => {
    const [inputs, outputs] = [6, 5];
    // Every column holds −1, 0 and 1, which every format stores exactly.
    const values = Float32Array.from({ length: inputs * outputs }, (_, i) => (i % 3) - 1);
    const bias = Float32Array.from({ length: outputs }, (_, j) => j / 2);
    for (const dtype of DECODING_DTYPES) {
      const stored = store.add('w', inOut(values, inputs, outputs), dtype, bias);
      const x = new Float32Array(3 * inputs);
      x[inputs + 2] = NaN;
      x[2 * inputs] = 1;
      const y = stored.multiply(x, 3);
      expect([...y.subarray(0, outputs)]).toEqual([...bias]);
      expect(y.subarray(outputs, 2 * outputs).every(Number.isNaN)).toBe(true);
      expect([...y.subarray(2 * outputs)]).toEqual([...bias].map((b, j) => b + (values[j] ?? 0)));
    }
  });

  it('refuses bad matrices and calls, naming the weight and the value', () => {
    const values = new Float32Array([1, 2, 3, NaN, 5, 6]);
    expect(() => store.add('h.0.mlp', inOut(values, 2, 3), 'int8')).toThrow(
      'h.0.mlp: weight [1, 0] = NaN; a weight to quantise must be finite',
    );
    const large = new Float32Array([1, 2, 3, 70000, 5, 6]);
    expect(() => store.add('wte', inOut(large, 2, 3), 'float16')).toThrow(
      'wte: weight [1, 0] = 70000 has no finite float16 value (|value| < 65520)',
    );
    // Transposed, the same value sits at [input 0, output 1].
    expect(() => store.add('wte', { values: large, inputs: 3, outputs: 2, layout: 'out-in' }, 'float16')).toThrow(
      'wte: weight [0, 1] = 70000 has no finite float16 value (|value| < 65520)',
    );
    for (const [value, input, output] of [
      [Infinity, 0, 2],
      [-Infinity, 1, 1],
      [NaN, 1, 2],
    ] as const) {
      const weights = new Float32Array(6);
      weights[input * 3 + output] = value;
      expect(() => store.add('lm_head', inOut(weights, 2, 3), 'float32')).toThrow(
        `lm_head: weight [${input}, ${output}] = ${value}; a stored weight must be finite`,
      );
    }
    expect(() => store.add('w', inOut(new Float32Array(5), 2, 3), 'int8')).toThrow(
      'w: 5 values do not fill 2 × 3 (in-out)',
    );
    expect(() => store.add('w', inOut(new Float32Array(6), 2, 3), 'int8', new Float32Array(2))).toThrow(
      'w: bias has 2 values, expected one per output (3)',
    );
    const stored = store.add('w', inOut(new Float32Array(6), 2, 3), 'int8');
    expect(() => stored.multiply(new Float32Array(3), 1)).toThrow('w: x has 3 values, expected 1 rows × 2 inputs');
    expect(() => stored.multiply(new Float32Array(0), 0)).toThrow('rows = 0 is invalid: expected an integer >= 1');
  });
});
