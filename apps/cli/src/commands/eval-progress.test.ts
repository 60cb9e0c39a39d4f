import { describe, expect, it } from 'vitest';
import { createEvalProgress } from './eval-progress.js';

describe('createEvalProgress', () => {
  it('redraws one bar in place on a terminal and clears it when done', () => {
    let written = '';
    const progress = createEvalProgress({ write: (text) => (written += text), interactive: true });
    progress.update('lambada', { shots: 1, done: 1, total: 4 });
    progress.update('lambada', { shots: 1, done: 4, total: 4 });
    progress.finish();
    expect(written).toBe(
      `\r\x1b[2K[${'#'.repeat(6)}${'-'.repeat(18)}] lambada K=1  1/4 items` +
        `\r\x1b[2K[${'#'.repeat(24)}] lambada K=1  4/4 items` +
        '\r\x1b[2K',
    );
  });

  it('prints plain lines at most once per interval, and always at the end of a run', () => {
    const lines: string[] = [];
    let clock = 0;
    const progress = createEvalProgress({
      write: (text) => lines.push(text),
      interactive: false,
      plainIntervalMs: 1000,
      now: () => clock,
    });
    for (let done = 1; done <= 5; done++) {
      clock += 400;
      progress.update('qa', { shots: 0, done, total: 5 });
    }
    progress.finish();
    // t = 400 (first), 1600 (1200 ms later: item 4), and the last item.
    expect(lines).toEqual(['qa K=0  1/5 items\n', 'qa K=0  4/5 items\n', 'qa K=0  5/5 items\n']);
  });
});
