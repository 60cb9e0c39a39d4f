import { describe, expect, it } from 'vitest';
import { Progress, formatElapsed, formatProgressLine } from './progress.js';

describe('progress display', () => {
  it('formats elapsed time as m:ss', () => {
    expect(formatElapsed(0)).toBe('0:00');
    expect(formatElapsed(9_999)).toBe('0:09');
    expect(formatElapsed(61_000)).toBe('1:01');
    expect(formatElapsed(3_600_000)).toBe('60:00');
  });

  it('prefixes each line with the elapsed time and the suite position', () => {
    expect(formatProgressLine(75_000, 1, 7, 'model', 'prefill 128')).toBe('[1:15 2/7 model] prefill 128');
  });

  it('writes suite starts, steps and ends with the suite durations; dims the prefix only on a terminal', () => {
    let now = 0;
    const written: string[] = [];
    const stream = { write: (text: string) => written.push(text) };
    const progress = new Progress(stream, 2, () => now);
    progress.beginSuite('tokenizer', 'encode and decode');
    now = 4_000;
    progress.log('corpus of 1 MB');
    progress.endSuite('done');
    progress.beginSuite('model', 'forward passes');
    now = 70_000;
    progress.endSuite('failed');
    expect(written).toEqual([
      '[0:00 1/2 tokenizer] encode and decode\n',
      '[0:04 1/2 tokenizer] corpus of 1 MB\n',
      '[0:04 1/2 tokenizer] done in 0:04\n',
      '[0:04 2/2 model] forward passes\n',
      '[1:10 2/2 model] failed in 1:06\n',
    ]);

    const terminal: string[] = [];
    const tty = new Progress({ write: (text: string) => terminal.push(text), isTTY: true }, 1, () => 0);
    tty.beginSuite('sampling', 'strategies');
    expect(terminal).toEqual(['\x1b[2m[0:00 1/1 sampling]\x1b[0m strategies\n']);
  });
});
