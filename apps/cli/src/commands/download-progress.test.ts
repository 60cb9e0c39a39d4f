import { describe, expect, it } from 'vitest';
import { createDownloadProgress } from './download-progress.js';

describe('createDownloadProgress', () => {
  it('prints plain lines when a file starts, at most once an interval, and when it is done', () => {
    let time = 0;
    const lines: string[] = [];
    const progress = createDownloadProgress({
      write: (text) => lines.push(text),
      interactive: false,
      plainIntervalMs: 1000,
      now: () => time,
    });
    const event = (bytes: number) => ({ repoId: 'org/name', file: 'model.safetensors', bytes, total: 10_000_000 });
    progress.update(event(2_000_000));
    time = 500;
    progress.update(event(3_000_000));
    time = 2000;
    progress.update(event(6_000_000));
    time = 4000;
    progress.update(event(10_000_000));
    expect(lines).toEqual([
      'model.safetensors  2.0 MB / 10.0 MB  0 B/s\n',
      'model.safetensors  6.0 MB / 10.0 MB  2.0 MB/s  ETA 0:02\n',
      'model.safetensors  10.0 MB / 10.0 MB  2.0 MB/s\n',
    ]);
  });

  it('redraws one line on a terminal, with a bar when the size is known, and clears it when done', () => {
    const writes: string[] = [];
    const progress = createDownloadProgress({ write: (text) => writes.push(text), interactive: true, now: () => 0 });
    progress.update({ repoId: 'r', file: 'config.json', bytes: 10, total: undefined });
    // A known size draws a bar: 2 of 10 MB fills 24 × 0.2 = 4.8, so 5 of its 24 cells.
    progress.update({ repoId: 'r', file: 'model.safetensors', bytes: 2_000_000, total: 10_000_000 });
    progress.finish();
    expect(writes).toEqual([
      '\r\x1b[2Kconfig.json  10 B  0 B/s',
      `\r\x1b[2K[#####-------------------] model.safetensors  2.0 MB / 10.0 MB  0 B/s`,
      '\r\x1b[2K',
    ]);
  });
});
