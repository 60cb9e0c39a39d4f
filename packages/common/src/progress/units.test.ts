import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration } from './units.js';

describe('formatBytes', () => {
  it('uses decimal units with one decimal, as the Hub shows sizes', () => {
    expect([0, 999, 1000, 548_105_171, 6.5e9, 2e15].map(formatBytes)).toEqual([
      '0 B',
      '999 B',
      '1.0 kB',
      '548.1 MB',
      '6.5 GB',
      '2000.0 TB',
    ]);
  });
});

describe('formatDuration', () => {
  it('shows m:ss, h:mm:ss past an hour (to the nearest second), and ? when unknown', () => {
    expect([0, 9.4, 9.6, 61, 245, 3599, 3600, 3725].map(formatDuration)).toEqual([
      '0:00',
      '0:09',
      '0:10',
      '1:01',
      '4:05',
      '59:59',
      '1:00:00',
      '1:02:05',
    ]);
    expect([Number.NaN, Infinity, -1].map(formatDuration)).toEqual(['?', '?', '?']);
  });
});
