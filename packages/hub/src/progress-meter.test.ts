import { describe, expect, it } from 'vitest';
import { createProgressMeter } from './progress-meter.js';

describe('createProgressMeter', () => {
  it('gives bytes, the rate over this run and the time left at that rate', () => {
    let time = 0;
    const meter = createProgressMeter(() => time);
    const event = (bytes: number, file = 'model.safetensors') => ({
      repoId: 'org/name',
      file,
      bytes,
      total: 10_000_000,
    });
    expect(meter(event(2_000_000))).toEqual({
      text: 'model.safetensors  2.0 MB / 10.0 MB  0 B/s',
      rate: 0,
      etaSeconds: undefined,
      started: true,
      done: false,
    });
    time = 2000;
    // 4 MB in 2 s: 2 MB/s; 4 MB left: 2 s.
    expect(meter(event(6_000_000))).toEqual({
      text: 'model.safetensors  6.0 MB / 10.0 MB  2.0 MB/s  ETA 0:02',
      rate: 2e6,
      etaSeconds: 2,
      started: false,
      done: false,
    });
    time = 4000;
    expect(meter(event(10_000_000))).toMatchObject({
      text: 'model.safetensors  10.0 MB / 10.0 MB  2.0 MB/s',
      done: true,
    });
    expect(meter(event(0, 'config.json'))).toMatchObject({ started: true, rate: 0 });
    time = 4000 + 3_600_000;
    // 1 MB in an hour: 278 B/s; 3 MB left: three hours.
    expect(meter({ repoId: 'r', file: 'config.json', bytes: 1_000_000, total: 4_000_000 }).text).toBe(
      'config.json  1.0 MB / 4.0 MB  278 B/s  ETA 3:00:00',
    );
  });
});
