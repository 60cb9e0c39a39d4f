import { describe, expect, it } from 'vitest';
import { createProgressBar } from './progress-bar.js';

const CLEAR = '\r\x1b[2K';

describe('createProgressBar', () => {
  it('redraws one line in place on a terminal, with a bar filled to the fraction', () => {
    const writes: string[] = [];
    const bar = createProgressBar({ write: (text) => writes.push(text), interactive: true, width: 10 });
    bar.update('1/4 items', { fraction: 0.25 });
    bar.update('4/4 items', { fraction: 1 });
    bar.update('no total');
    bar.update('empty file', { fraction: 0 / 0 });
    bar.finish();
    // 10 × 0.25 = 2.5 rounds to 3 filled cells.
    expect(writes).toEqual([
      `${CLEAR}[###-------] 1/4 items`,
      `${CLEAR}[##########] 4/4 items`,
      `${CLEAR}no total`,
      `${CLEAR}empty file`,
      CLEAR,
    ]);
  });

  it('prints a lasting line above the bar and draws the bar again below it', () => {
    const writes: string[] = [];
    const bar = createProgressBar({ write: (text) => writes.push(text), interactive: true, width: 4 });
    bar.line('before any bar');
    bar.update('step 1', { fraction: 0.5 });
    bar.line('checkpoint saved');
    bar.finish();
    bar.finish();
    expect(writes).toEqual([
      'before any bar\n',
      `${CLEAR}[##--] step 1`,
      `${CLEAR}checkpoint saved\n[##--] step 1`,
      CLEAR,
    ]);
  });

  it('prints plain lines: the first, then at most one per interval, and every forced one', () => {
    const lines: string[] = [];
    let clock = 0;
    const bar = createProgressBar({
      write: (text) => lines.push(text),
      interactive: false,
      plainIntervalMs: 1000,
      now: () => clock,
    });
    for (let done = 1; done <= 5; done++) {
      clock += 400;
      bar.update(`${done}/5`, { fraction: done / 5, force: done === 5 });
    }
    bar.line('result');
    bar.finish();
    // t = 400 (the first), 1600 (1200 ms later), and the forced last one; no bar and no escapes.
    expect(lines).toEqual(['1/5\n', '4/5\n', '5/5\n', 'result\n']);
  });
});
