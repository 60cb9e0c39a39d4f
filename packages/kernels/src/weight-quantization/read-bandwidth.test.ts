import { describe, expect, it } from 'vitest';
import { instantiateDecodingKernels } from './decoding-module.js';
import { measureReadBandwidth } from './read-bandwidth.js';
import { READ_SUM_STRIDE } from './read-sum.js';

describe('measureReadBandwidth', () => {
  it('reads with a sum that adds every float32 of the region', async () => {
    const kernels = await instantiateDecodingKernels();
    const values = new Float32Array(kernels.memory.buffer, 0, 3 * (READ_SUM_STRIDE / 4));
    values.forEach((_, i) => (values[i] = i + 1));
    // 1 + 2 + … + 48, exact in float32; the sum starts at byte 0 and stops after 192 bytes.
    expect(kernels.sum(0, values.byteLength)).toBe((48 * 49) / 2);
    expect(kernels.sum(READ_SUM_STRIDE, READ_SUM_STRIDE)).toBe((32 * 33) / 2 - (16 * 17) / 2);
  });

  it('times each round of reading the region and gives the best and median rates', async () => {
    const result = await measureReadBandwidth({ bytes: 8 * 2 ** 20, rounds: 3 });
    expect(result.bytes).toBe(8 * 2 ** 20);
    expect(result.seconds).toHaveLength(3);
    const rates = result.seconds.map((seconds) => result.bytes / seconds / 1e9).sort((a, b) => a - b);
    expect(result.best).toBe(rates[2]);
    expect(result.median).toBe(rates[1]);
  });

  it('reads on two threads at once, each half of the region, and says so', async () => {
    const result = await measureReadBandwidth({ bytes: 8 * 2 ** 20, rounds: 3, threads: 2 });
    expect([result.threads, result.bytes, result.seconds.length]).toEqual([2, 8 * 2 ** 20, 3]);
    expect(result.best).toBeGreaterThanOrEqual(result.median);
    expect((await measureReadBandwidth({ bytes: 2 ** 20, rounds: 1 })).threads).toBe(1);
  });

  it('refuses sizes it cannot read and round counts below one', async () => {
    await expect(measureReadBandwidth({ bytes: 100 })).rejects.toThrow(
      'bytes = 100 is invalid: expected a multiple of 64 from 64 up to 2 GiB',
    );
    await expect(measureReadBandwidth({ bytes: 64, threads: 2 })).rejects.toThrow(
      'bytes = 64 is invalid: expected a multiple of 64 from 128 up to 2 GiB',
    );
    await expect(measureReadBandwidth({ threads: 3 })).rejects.toThrow('threads = 3 is invalid: expected 1 or 2');
    await expect(measureReadBandwidth({ rounds: 0 })).rejects.toThrow(
      'rounds = 0 is invalid: expected an integer >= 1',
    );
  });
});
