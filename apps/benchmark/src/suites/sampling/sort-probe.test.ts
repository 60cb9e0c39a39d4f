import { describe, expect, it } from 'vitest';
import { recordSorts } from './sort-probe.js';

describe('recordSorts', () => {
  it('records the sorts of arrays and typed arrays run inside, and the longest', async () => {
    const record = await recordSorts(() => {
      [3, 1, 2].sort((a, b) => a - b);
      new Float32Array(1000).sort();
      Int32Array.from([5, 4]).sort();
      return Promise.resolve();
    });
    expect(record).toEqual({ calls: 3, longest: 1000 });
  });

  it('keeps sorting correct while recording, and restores the original methods, also after an error', async () => {
    const arraySort = Array.prototype.sort.bind([]);
    let sorted: number[] = [];
    await expect(
      recordSorts(() => {
        sorted = [3, 1, 2].sort((a, b) => a - b);
        return Promise.reject(new Error('boom'));
      }),
    ).rejects.toThrow('boom');
    expect(sorted).toEqual([1, 2, 3]);
    expect(Array.prototype.sort.name).toBe('sort');
    expect(typeof arraySort).toBe('function');
    expect(await recordSorts(() => Promise.resolve())).toEqual({ calls: 0, longest: 0 });
  });
});
