import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

describe('README', () => {
  it('shows the example that __fixtures__/readme-example.ts runs', async () => {
    const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
    const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    const example = await readFile(new URL('__fixtures__/readme-example.ts', import.meta.url), 'utf8');
    // The fixture imports the package by path and exports its results for this test.
    const shown = example.replace("'../index.js'", "'@fewshot/model'").replace(/\nexport \{[^}]*\};\n$/, '\n');
    expect(block).toBe(shown);
  });

  it('runs the example: 3 prompt ids and 5 greedy ones, 7 log-probabilities', async () => {
    const { ids, logprobs } = await import('./__fixtures__/readme-example.js');
    expect(ids).toHaveLength(8);
    expect(logprobs).toHaveLength(7);
    for (const value of logprobs) expect(value).toBeLessThanOrEqual(0);
  });
});
