import { describe, expect, it } from 'vitest';
import { type Report, formatMarkdown } from './report.js';
import { checkTarget, notMeasured } from './targets.js';

const report: Report = {
  startedAt: '2026-01-01T00:00:00.000Z',
  command: 'fewshot-bench --quick',
  quick: true,
  environment: {
    node: 'v20',
    v8: '11',
    platform: 'linux x64',
    cpu: 'CPU',
    cores: 2,
    memoryGiB: 8,
    versions: { '@fewshot/model': '0.1.0' },
    commit: 'abc123',
  },
  results: [
    {
      suite: 'sampling',
      inputs: { vocabulary: 50257 },
      notes: ['random weights'],
      tables: [
        {
          title: 'Per token',
          rows: [
            ['strategy', 'ms'],
            ['greedy', '0.5'],
          ],
        },
      ],
      targets: [
        checkTarget({
          issue: 5,
          description: 'small share',
          value: 0.3,
          comparison: 'at most',
          threshold: 0.1,
          measured: '30%',
        }),
      ],
      data: {},
      files: [{ name: 'sampling.svg', content: '<svg/>' }],
      heap: {
        peakBytes: 1.5 * 2 ** 30,
        inUseAfterBytes: 3 * 2 ** 20,
        buffersAfter: 2,
        heapBytes: 4 * 2 ** 30,
        heapLimitBytes: 4 * 2 ** 30,
      },
    },
    {
      suite: 'tokenizer',
      inputs: {},
      tables: [],
      targets: [
        checkTarget({ issue: 3, description: 'encode ≥ 2×', value: 2.5, comparison: 'at least', threshold: 2 }),
        notMeasured(3, 'decode', 'skipped'),
      ],
      data: {},
    },
  ],
};

describe('formatMarkdown', () => {
  const markdown = formatMarkdown(report);

  it('opens with the environment and a summary of every target, by issue', () => {
    expect(markdown).toContain('- commit: abc123');
    expect(markdown).toContain('- versions: @fewshot/model 0.1.0');
    expect(markdown).toContain('1 of 3 targets met, 1 not met, 1 not measured in this run.');
    const summary = markdown.slice(markdown.indexOf('## Targets'), markdown.indexOf('## sampling'));
    expect(summary.indexOf('| #3 | tokenizer | encode ≥ 2× | 2.50 | met |')).toBeGreaterThan(-1);
    expect(summary.indexOf('| #3 | tokenizer | decode | skipped | not measured |')).toBeGreaterThan(-1);
    expect(summary.indexOf('| #5 | sampling | small share | 30% | **not met** |')).toBeGreaterThan(
      summary.indexOf('| #3 |'),
    );
  });

  it("lists each suite's WASM heap high-water mark and what it left in use, in run order", () => {
    const section = markdown.slice(markdown.indexOf('## WASM heap'), markdown.indexOf('## sampling'));
    expect(section).toContain('| suite | high-water mark (in use) | in use after | buffers after | heap size after |');
    expect(section).toContain('| sampling | 1536.0 MiB | 3.0 MiB | 2 | 4096.0 MiB |\n| tokenizer | — | — | — | — |');
  });

  it('renders each suite with its inputs, notes, tables and charts', () => {
    expect(markdown).toContain('- vocabulary: 50257');
    expect(markdown).toContain('> random weights');
    expect(markdown).toContain('### Per token\n\n| strategy | ms |\n| --- | --- |\n| greedy | 0.5 |');
    expect(markdown).toContain('![sampling.svg](sampling.svg)');
  });
});
