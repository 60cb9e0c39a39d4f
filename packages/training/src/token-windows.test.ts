import { describe, expect, it } from 'vitest';
import { TokenWindows, packDocuments } from './token-windows.js';

describe('packDocuments', () => {
  it('joins documents, each followed by the separator, skipping empty ones', () => {
    expect(Array.from(packDocuments([[1, 2], [], [3]], 0))).toEqual([1, 2, 0, 3, 0]);
  });
});

describe('TokenWindows', () => {
  const stream = Int32Array.from({ length: 21 }, (_, i) => i);

  it('cuts contiguous windows with targets shifted by one, each window once per epoch', () => {
    const windows = new TokenWindows(stream, 4, 1);
    expect(windows.windowCount).toBe(5);
    const batch = windows.next(5);
    const starts = new Set<number>();
    for (let row = 0; row < 5; row++) {
      const inputs = Array.from(batch.inputs.subarray(row * 4, row * 4 + 4));
      const targets = Array.from(batch.targets.subarray(row * 4, row * 4 + 4));
      expect(inputs[0]! % 4).toBe(0);
      expect(inputs).toEqual([0, 1, 2, 3].map((i) => inputs[0]! + i));
      expect(targets).toEqual(inputs.map((id) => id + 1));
      starts.add(inputs[0]!);
    }
    expect([...starts].sort((a, b) => a - b)).toEqual([0, 4, 8, 12, 16]);
    expect(windows.position).toEqual({ epoch: 1, index: 0 });
  });

  it('shuffles by seed and epoch, and continues exactly from a saved position', () => {
    const firstOrder = (seed: number): number[] =>
      Array.from(new TokenWindows(stream, 4, seed).next(5).inputs.filter((_, i) => i % 4 === 0));
    expect(firstOrder(1)).toEqual(firstOrder(1));
    expect(firstOrder(1)).not.toEqual(firstOrder(2));
    const epochs = new TokenWindows(
      Int32Array.from({ length: 81 }, (_, i) => i),
      4,
      1,
    );
    const starts = (): number[] => Array.from(epochs.next(20).inputs.filter((_, i) => i % 4 === 0));
    const [epoch0, epoch1] = [starts(), starts()];
    // Each epoch visits every window once, in an order of its own.
    expect([...epoch0].sort((a, b) => a - b)).toEqual([...epoch1].sort((a, b) => a - b));
    expect(epoch1).not.toEqual(epoch0);
    const whole = new TokenWindows(stream, 4, 3);
    whole.next(7);
    const expected = whole.next(6);
    const resumedFrom = new TokenWindows(stream, 4, 3);
    resumedFrom.next(7);
    const resumed = new TokenWindows(stream, 4, 3);
    resumed.seek(resumedFrom.position);
    expect(resumed.next(6)).toEqual(expected);
  });

  it('in order when not shuffled, and rejects a stream too short for one window', () => {
    expect(Array.from(new TokenWindows(stream, 4, 9, false).next(2).inputs)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(() => new TokenWindows(Int32Array.from([1, 2, 3]), 4, 0)).toThrow(
      '3 tokens make no window of seqLen + 1 = 5 tokens',
    );
  });
});
