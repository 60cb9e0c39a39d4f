import { describe, expect, it } from 'vitest';
import { createProgressReporter } from './train-progress.js';

const step = (n: number, loss: number) => ({
  type: 'step' as const,
  record: { step: n, loss, learningRate: 3e-4, gradientNorm: 1, tokensSeen: n * 100, seconds: n },
  tokensPerSecond: 1234.4,
  totalSteps: 10,
});

describe('createProgressReporter', () => {
  it('redraws one bar in place on a terminal, and prints an evaluation line above it', () => {
    let written = '';
    let clock = 0;
    const progress = createProgressReporter({
      write: (text) => (written += text),
      interactive: true,
      startStep: 0,
      now: () => clock,
    });
    clock = 2000;
    progress.onEvent(step(5, 2.5));
    // 5 of 10 steps in 2 s: 2 s left.
    const bar = '[############------------] step 5/10  loss 2.5000  lr 3.00e-4  1,234 tok/s  ETA 0:02';
    expect(written).toBe(`\r\x1b[2K${bar}`);
    written = '';
    progress.onEvent({
      type: 'evaluation',
      record: { step: 5, loss: 2.75, perplexity: Math.exp(2.75), bitsPerByte: 1.25 },
    });
    expect(written).toBe(`\r\x1b[2Keval step 5: loss 2.7500  perplexity 15.64  1.2500 bits/byte\n${bar}`);
    written = '';
    progress.onEvent(step(6, 2.4));
    expect(written).toContain('valid 2.7500');
  });

  it('prints plain lines at most once per interval (and the last step) when not a terminal', () => {
    const lines: string[] = [];
    let clock = 0;
    const progress = createProgressReporter({
      write: (text) => lines.push(text),
      interactive: false,
      startStep: 0,
      now: () => clock,
      plainIntervalMs: 1000,
    });
    progress.onEvent(step(1, 3));
    clock = 500;
    progress.onEvent(step(2, 2.9));
    clock = 1500;
    progress.onEvent(step(3, 2.8));
    progress.onEvent(step(10, 2));
    expect(lines.map((line) => line.split('  ')[0])).toEqual(['step 1/10', 'step 3/10', 'step 10/10']);
    expect(lines.every((line) => line.endsWith('\n') && !line.includes('\r'))).toBe(true);
  });
});
