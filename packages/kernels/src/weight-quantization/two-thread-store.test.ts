import { seededRandom } from '@fewshot/model/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BLOCK_COLUMNS, CHUNK_STEPS } from './blocked-product.js';
import { createSharedMemory } from './decoding-module.js';
import { DecodingWeightStore } from './decoding-weight-store.js';
import { HelperThread, decodingHelperProgram } from './helper-thread.js';
import { DECODING_DTYPES, type WeightMatrix } from './weight-layout.js';

/** Bit patterns of float32 values: equal bits are the test of "the same result", NaNs and signed zeros included. */
const bits = (values: Float32Array): Uint32Array => new Uint32Array(values.buffer, values.byteOffset, values.length);

/** Weights and inputs of every sign and of magnitudes across ten binades, so that summation order would show. */
function values(next: () => number, length: number): Float32Array {
  return Float32Array.from({ length }, () => (next() - 0.5) * 2 ** Math.floor(next() * 10 - 5));
}

// Odd column counts: one block (nothing for the helper), two, an odd number of blocks, a partial last block.
const OUTPUTS = [1, 7, 17, 3 * BLOCK_COLUMNS + 5, 6 * BLOCK_COLUMNS - 1, 101];
// Odd depths, one beyond an int8 chunk (pairs of inputs) so that partial sums move to the output twice.
const INPUTS = [5, 2 * CHUNK_STEPS + 3];
const ROWS = [1, 2, 3, 5, 8];

describe('DecodingWeightStore on two threads', () => {
  let one: DecodingWeightStore;
  let two: DecodingWeightStore;
  beforeAll(async () => {
    [one, two] = await Promise.all([DecodingWeightStore.create(), DecodingWeightStore.create({ threads: 2 })]);
  });
  afterAll(() => {
    one.dispose();
    two.dispose();
  });

  for (const dtype of DECODING_DTYPES) {
    it(`${dtype}: gives one thread's results bit for bit, for odd column counts and several row counts`, () => {
      const next = seededRandom(DECODING_DTYPES.indexOf(dtype) + 31);
      for (const inputs of INPUTS) {
        for (const outputs of OUTPUTS) {
          const matrix: WeightMatrix = { values: values(next, inputs * outputs), inputs, outputs, layout: 'in-out' };
          const bias = values(next, outputs);
          const [single, split] = [one, two].map((store) => store.add('w', matrix, dtype, bias));
          for (const rows of ROWS) {
            const x = values(next, rows * inputs);
            const expected = single!.multiply(x, rows);
            const what = `${inputs} × ${outputs}, ${rows} rows`;
            expect(bits(split!.multiply(x, rows)), what).toEqual(bits(expected));
            // Into a given output, as the WASM backend's kernel calls it.
            const output = new Float32Array(rows * outputs);
            split!.multiply(x, rows, output);
            expect(bits(output), `${what}, into an output`).toEqual(bits(expected));
          }
        }
      }
    });
  }

  it('computes on the worker the blocks it is given: the second half of a product', () => {
    // Column j of the weights is j in every row; x is ones: output j is inputs · j, exactly.
    const [inputs, outputs] = [3, 4 * BLOCK_COLUMNS];
    const weights = Float32Array.from({ length: inputs * outputs }, (_, i) => i % outputs);
    const stored = two.add('columns', { values: weights, inputs, outputs, layout: 'in-out' }, 'float32');
    const y = stored.multiply(new Float32Array(2 * inputs).fill(1), 2);
    const expected = Array.from({ length: outputs }, (_, j) => inputs * j);
    expect([...y]).toEqual([...expected, ...expected]);
  });

  it('runs on one thread when asked, with the same results, and back on two', () => {
    const next = seededRandom(3);
    const [inputs, outputs, rows] = [40, 70, 3];
    const matrix: WeightMatrix = { values: values(next, inputs * outputs), inputs, outputs, layout: 'out-in' };
    const stored = two.add('w', matrix, 'int8');
    const x = values(next, rows * inputs);
    const expected = bits(stored.multiply(x, rows));
    expect([two.threads, two.activeThreads]).toEqual([2, 2]);
    two.useThreads(1);
    expect(two.activeThreads).toBe(1);
    expect(bits(stored.multiply(x, rows))).toEqual(expected);
    two.useThreads(2);
    expect(bits(stored.multiply(x, rows))).toEqual(expected);
  });

  it('refuses thread counts other than 1 or 2, and more threads than a store was created for', async () => {
    for (const threads of [0, 3, 1.5, Number.NaN]) {
      await expect(DecodingWeightStore.create({ threads })).rejects.toThrow(
        `threads = ${threads} is invalid: expected 1 or 2`,
      );
    }
    expect(one.threads).toBe(1);
    expect(() => {
      one.useThreads(2);
    }).toThrow('threads = 2 is invalid: this store was created for 1 thread');
    expect(() => {
      two.useThreads(4);
    }).toThrow('threads = 4 is invalid: expected 1 or 2');
  });

  it('stops its worker on dispose: the matrices stop working', async () => {
    const store = await DecodingWeightStore.create({ threads: 2 });
    const stored = store.add('w', { values: new Float32Array(64), inputs: 2, outputs: 32, layout: 'in-out' }, 'int8');
    store.dispose();
    expect(() => stored.multiply(new Float32Array(2), 1)).toThrow('this DecodingWeightStore was disposed');
  });
});

describe('HelperThread', () => {
  it('runs a call on the shared memory, then its worker exits when stopped', async () => {
    const memory = createSharedMemory();
    const helper = await HelperThread.start([await decodingHelperProgram(memory)]);
    expect(() => {
      helper.start('attendRows', []);
    }).toThrow('helper thread: no function "attendRows"; it runs int8, float16, float32, sum');
    helper.start('sum', [0, 64]);
    helper.wait();
    expect(typeof (await helper.stop())).toBe('number');
    expect(await helper.stop()).toBeUndefined();
    expect(() => {
      helper.start('sum', [0, 64]);
    }).toThrow('this helper thread was stopped');
  });
});
