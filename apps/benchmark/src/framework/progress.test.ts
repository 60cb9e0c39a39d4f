import { describe, expect, it } from 'vitest';
import { Progress, formatProgressLine } from './progress.js';

describe('progress display', () => {
  it('prefixes each line with the elapsed time and the suite position', () => {
    expect(formatProgressLine(75_000, 1, 7, 'model', 'prefill 128')).toBe('[1:15 2/7 model] prefill 128');
    expect(formatProgressLine(3_725_000, 0, 1, 'eval', 'done')).toBe('[1:02:05 1/1 eval] done');
  });

  it('writes suite starts, steps and ends with the suite durations as plain lines when not a terminal', () => {
    let now = 0;
    const written: string[] = [];
    const progress = new Progress({ write: (text: string) => written.push(text) }, 2, () => now);
    progress.beginSuite('tokenizer', 'encode and decode');
    now = 4_000;
    progress.log('corpus of 1 MB');
    progress.endSuite('done');
    progress.beginSuite('model', 'forward passes');
    now = 70_000;
    progress.endSuite('failed');
    progress.finish();
    expect(written).toEqual([
      '[0:00 1/2 tokenizer] encode and decode\n',
      '[0:04 1/2 tokenizer] corpus of 1 MB\n',
      '[0:04 1/2 tokenizer] done in 0:04\n',
      '[0:04 2/2 model] forward passes\n',
      '[1:10 2/2 model] failed in 1:06\n',
    ]);
  });

  it('dims the prefix on a terminal and keeps a bar of the suites done below the lines', () => {
    const terminal: string[] = [];
    const progress = new Progress({ write: (text: string) => terminal.push(text), isTTY: true }, 2, () => 0);
    progress.beginSuite('sampling', 'strategies');
    progress.endSuite('done');
    progress.finish();
    const clear = '\r\x1b[2K';
    const bar = (filled: number, done: number): string =>
      `[${'#'.repeat(filled)}${'-'.repeat(24 - filled)}] ${done}/2 suites done  0:00`;
    expect(terminal).toEqual([
      '\x1b[2m[0:00 1/2 sampling]\x1b[0m strategies\n',
      `${clear}${bar(0, 0)}`,
      `${clear}\x1b[2m[0:00 1/2 sampling]\x1b[0m done in 0:00\n${bar(0, 0)}`,
      `${clear}${bar(12, 1)}`,
      clear,
    ]);
  });
});
