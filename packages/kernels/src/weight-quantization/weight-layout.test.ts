import { describe, expect, it } from 'vitest';
import { blockedShape, packFloat32 } from './weight-layout.js';

describe('blockedShape', () => {
  it('holds 16-column blocks of 2 bytes per column and step (int8 pairs, float16) or 4 (float32)', () => {
    // 21 outputs: two blocks, the second padded with 11 zero columns; 37 inputs: 19 int8 pairs.
    expect(blockedShape('int8', 37, 21)).toEqual({ blocks: 2, steps: 19, weightBytes: 2 * 19 * 16 * 2 });
    expect(blockedShape('float16', 37, 21)).toEqual({ blocks: 2, steps: 37, weightBytes: 2 * 37 * 16 * 2 });
    expect(blockedShape('float32', 37, 21)).toEqual({ blocks: 2, steps: 37, weightBytes: 2 * 37 * 16 * 4 });
  });
});

describe('packFloat32', () => {
  it('lays W [k, j] at ((j / 16) · inputs + k) · 16 + j mod 16, both layouts, padding columns zero', () => {
    const [inputs, outputs] = [3, 21];
    // W [k, j] = 1000 k + j + 1, so that every weight is non-zero and names its place.
    const weight = (k: number, j: number): number => 1000 * k + j + 1;
    const inOut = Float32Array.from({ length: inputs * outputs }, (_, i) =>
      weight(Math.floor(i / outputs), i % outputs),
    );
    const outIn = Float32Array.from({ length: inputs * outputs }, (_, i) => weight(i % inputs, Math.floor(i / inputs)));
    const expected = new Float32Array(blockedShape('float32', inputs, outputs).weightBytes / 4);
    for (let k = 0; k < inputs; k++) {
      for (let j = 0; j < outputs; j++) expected[(Math.floor(j / 16) * inputs + k) * 16 + (j % 16)] = weight(k, j);
    }
    for (const [layout, values] of [
      ['in-out', inOut],
      ['out-in', outIn],
    ] as const) {
      const packed = new Float32Array(expected.length);
      packFloat32('w', { values, inputs, outputs, layout }, packed);
      expect(packed, layout).toEqual(expected);
    }
  });
});
