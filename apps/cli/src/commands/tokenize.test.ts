import { getEncoding as peerEncoding } from 'js-tiktoken';
import { describe, expect, it } from 'vitest';
import { runCli } from '../__fixtures__/run-cli.js';

describe('fewshot tokenize', () => {
  const peer = peerEncoding('r50k_base');

  it("gives js-tiktoken's ids, each token's text and its span", async () => {
    const text = 'Hello world, naïve café 🙂<|endoftext|>';
    const { code, stdout } = await runCli(['tokenize', text, '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as {
      count: number;
      tokens: { id: number; text: string; start: number; end: number }[];
    };
    expect(result.tokens.map((t) => t.id)).toEqual(peer.encode(text, 'all'));
    expect(result.tokens[0]).toEqual({ id: 15496, text: 'Hello', start: 0, end: 5 });
    expect(result.tokens.at(-1)).toMatchObject({
      id: 50256,
      text: '<|endoftext|>',
      start: text.length - 13,
      end: text.length,
    });
  });

  it('prints a table with the count', async () => {
    const { stdout } = await runCli(['tokenize', 'Hello world']);
    expect(stdout).toMatch(/^2 tokens, 11 characters\n/);
    expect(stdout).toMatch(/15496 {2}"Hello"/);
    expect(stdout).toMatch(/995 {2}" world"/);
  });

  it('decodes ids, and explains bad ones', async () => {
    expect((await runCli(['tokenize', '--decode', peer.encode('round trip ✓').join(',')])).stdout).toBe(
      'round trip ✓\n',
    );
    expect(await runCli(['tokenize', '--decode', '1,x'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--decode 1,x: item 1 ("x") is not a token id') as unknown,
    });
    expect(await runCli(['tokenize', '--decode', '99999'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('99999') as unknown,
    });
    expect(await runCli(['tokenize'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('expected one TEXT') as unknown,
    });
  });
});
