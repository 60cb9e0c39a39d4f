import { getPreset } from '@fewshot/config';
import { describe, expect, it } from 'vitest';
import { type WeightRun, type WeightsReportInput, weightsReport } from './weights-report.js';

const run = (weights: WeightRun['weights'], bytes: number, ms: number[]): WeightRun => ({
  weights,
  bytes,
  difference: 0,
  ms,
  cpuMs: ms,
});

// 500 MB of float32 weights at a best read of 25 GB/s (the better of the two reads): 20 ms.
const input: WeightsReportInput = {
  quick: false,
  config: getPreset('gpt2'),
  context: 128,
  steps: 3,
  bandwidth: {
    bytes: 2 ** 28,
    rounds: 5,
    reads: [
      { best: 20, median: 18 },
      { best: 25, median: 19 },
    ],
  },
  runs: [
    run('matMul', 500e6, [27, 26, 40]),
    run('float32', 501e6, [25, 24, 40]),
    run('int8', 125e6, [12, 30, 11]),
    run('float16', 250e6, [20, 21, 22]),
  ],
  engine: 'fewshot, tfjs wasm, 1 thread',
  load: 'load average 0.5',
};

describe('weightsReport', () => {
  it('compares median decode times with the time to read the float32 weights at the best bandwidth', () => {
    const { targets, tables } = weightsReport(input);
    expect(targets.map((target) => [target.status, target.measured])).toEqual([
      // Stored float32: median 25 ms ≤ 1.3 × 20 ms; beside it tfjs matMul's 27 ms, which would not be.
      ['met', '1.25× (25.0 vs 20.0 ms); float32 (tfjs matMul): 1.35× (27.0 vs 20.0 ms)'],
      ['met', '0.60× (12.0 vs 20.0 ms)'], // int8: median 12 ms < 20 ms
    ]);
    expect(targets[0]?.description).toContain('(float32 (stored, SIMD kernel))');
    expect(tables[0]?.rows.map((row) => row[0])).toEqual([
      'weights',
      'float32 (tfjs matMul)',
      'float32 (stored, SIMD kernel)',
      'int8',
      'float16',
    ]);
    const int8 = tables[0]?.rows.find((row) => row[0] === 'int8');
    // Its own minimum: 125 MB at 25 GB/s is 5 ms, so 12 ms is 2.40× it; the fastest step took 11 ms.
    expect(int8).toEqual(['int8', '125.0', '0.0e+0', '12.00', '11.00', '12.00', '5.00', '2.40', '0.60']);
  });

  it('marks a target not met beyond its bound, and none measured in quick mode', () => {
    const slow = {
      ...input,
      runs: [run('matMul', 500e6, [25]), run('float32', 500e6, [27]), run('int8', 125e6, [21])],
    };
    expect(weightsReport(slow).targets.map((target) => target.status)).toEqual(['not met', 'not met']);
    const quick = weightsReport({ ...input, quick: true });
    expect(quick.targets.map((target) => target.status)).toEqual(['not measured', 'not measured']);
  });
});
