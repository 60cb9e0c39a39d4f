import { getPreset } from '@fewshot/config';
import { describe, expect, it } from 'vitest';
import { type WeightRun, type WeightsReportInput, weightsReport } from './weights-report.js';

const run = (weights: WeightRun['weights'], threads: number, bytes: number, ms: number[]): WeightRun => ({
  weights,
  threads,
  bytes,
  difference: 0,
  ms,
  cpuMs: ms,
});

// 500 MB of float32 weights at a best read of 25 GB/s on 1 thread (the better of its two reads): 20 ms;
// at 40 GB/s on 2 threads: 12.5 ms.
const input: WeightsReportInput = {
  quick: false,
  config: getPreset('gpt2'),
  context: 128,
  steps: 3,
  bandwidth: {
    bytes: 2 ** 28,
    rounds: 5,
    reads: [
      { threads: 1, best: 20, median: 18 },
      { threads: 2, best: 40, median: 38 },
      { threads: 1, best: 25, median: 19 },
      { threads: 2, best: 30, median: 29 },
    ],
  },
  runs: [
    run('matMul', 1, 500e6, [27, 26, 40]),
    run('float32', 1, 501e6, [25, 24, 40]),
    run('float32', 2, 501e6, [17, 16, 30]),
    run('int8', 1, 125e6, [12, 30, 11]),
    run('int8', 2, 125e6, [10, 20, 9]),
    run('float16', 1, 250e6, [20, 21, 22]),
  ],
  engine: 'fewshot, tfjs wasm on 1 thread',
  load: 'load average 0.5',
};

describe('weightsReport', () => {
  it('compares median decode times with the float32 read minimum at the bandwidth of as many threads', () => {
    const { targets, tables } = weightsReport(input);
    expect(targets.map((target) => [target.status, target.measured])).toEqual([
      // Stored float32 on 1 thread: median 25 ms ≤ 1.3 × 20 ms; beside it tfjs matMul's 27 ms, which would not be.
      ['met', '1.25× (25.0 vs 20.0 ms at 25.0 GB/s); float32 (tfjs matMul) on 1 thread: 1.35×'],
      ['met', '0.60× (12.0 vs 20.0 ms at 25.0 GB/s)'], // int8: median 12 ms < 20 ms
      // On 2 threads: 17 ms against 12.5 ms is 1.36×, not met; matMul (1 thread) 27 ms is 2.16× that minimum.
      ['not met', '1.36× (17.0 vs 12.5 ms at 40.0 GB/s); float32 (tfjs matMul) on 1 thread: 2.16×'],
      ['met', '0.80× (10.0 vs 12.5 ms at 40.0 GB/s)'],
    ]);
    expect(targets.map((target) => target.description)).toEqual([
      expect.stringMatching(/^float32 decode at 128 on 1 thread ≤ 1\.3× .* bandwidth measured on 1 thread \(/),
      'int8 decode at 128 on 1 thread faster than that float32 read minimum',
      expect.stringMatching(/^float32 decode at 128 on 2 threads ≤ 1\.3× .* bandwidth measured on 2 threads \(/),
      'int8 decode at 128 on 2 threads faster than that float32 read minimum',
    ]);
    expect(tables[0]?.rows.map((row) => `${row[0]}, ${row[1]}`)).toEqual([
      'weights, threads',
      'float32 (tfjs matMul), 1 thread',
      'float32 (stored, SIMD kernel), 1 thread',
      'float32 (stored, SIMD kernel), 2 threads',
      'int8, 1 thread',
      'int8, 2 threads',
      'float16, 1 thread',
    ]);
    const int8 = tables[0]?.rows.filter((row) => row[0] === 'int8');
    // Its own minimum: 125 MB at 25 GB/s is 5 ms, so 12 ms is 2.40× it; the fastest step took 11 ms.
    // On 2 threads: 125 MB at 40 GB/s is 3.125 ms; 10 ms is 3.20× it and 0.80× float32's 12.5 ms.
    expect(int8).toEqual([
      ['int8', '1 thread', '125.0', '0.0e+0', '12.00', '11.00', '12.00', '5.00', '2.40', '0.60'],
      ['int8', '2 threads', '125.0', '0.0e+0', '10.00', '9.00', '10.00', '3.13', '3.20', '0.80'],
    ]);
    expect(weightsReport(input).inputs['read bandwidth (GB/s)']).toContain('2 threads: 40.0 best, 38.0 median');
  });

  it('marks a target not met beyond its bound, and none measured in quick mode', () => {
    const slow = {
      ...input,
      runs: [run('matMul', 1, 500e6, [25]), run('float32', 1, 500e6, [27]), run('int8', 1, 125e6, [21])],
    };
    expect(weightsReport(slow).targets.map((target) => target.status)).toEqual(['not met', 'not met']);
    const quick = weightsReport({ ...input, quick: true });
    expect(quick.targets.map((target) => target.status)).toEqual([
      'not measured',
      'not measured',
      'not measured',
      'not measured',
    ]);
  });
});
