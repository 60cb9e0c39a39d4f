import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as api from './index.js';

/**
 * Runs the README's example as written (it is plain JavaScript apart from the import line) and
 * checks what it prints, which its comments promise.
 */
describe('README example', () => {
  it('runs and prints what its comments say', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const body = code.replace(/^import[\s\S]*?from '@fewshot\/config';\n/m, '');
    expect(body).not.toContain('import ');
    const printed: string[] = [];
    const log = (value: unknown) => printed.push(typeof value === 'string' ? value : JSON.stringify(value));
    const names = Object.keys(api);
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the README is our own code under test
    const example = new Function('console', ...names, body) as (...args: unknown[]) => void;
    example({ log }, ...names.map((name) => (api as Record<string, unknown>)[name]));
    // GPT-3 175B's count (Table 2.1: 175B) and FLOPs as derived in the flops tests; the rest by hand.
    expect(printed).toEqual([
      '174604259328',
      '352110944256',
      '{"type":"local","window":64}',
      'nHead = 4 is invalid: dModel (130) must be divisible by nHead',
      '256',
      '0.0006',
    ]);
  });
});
