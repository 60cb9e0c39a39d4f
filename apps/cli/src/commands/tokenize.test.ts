import { getEncoding as peerEncoding } from 'js-tiktoken';
import { describe, expect, it } from 'vitest';
import { run } from '../cli.js';

async function invoke(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), readFile: () => '' });
  return { code, stdout, stderr };
}

describe('fewshot tokenize', () => {
  const peer = peerEncoding('r50k_base');

  it("gives js-tiktoken's ids, each token's text and its span", async () => {
    const text = 'Hello world, naïve café 🙂<|endoftext|>';
    const { code, stdout } = await invoke('tokenize', text, '--json');
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as { count: number; tokens: { id: number; text: string; start: number; end: number }[] };
    expect(result.tokens.map((t) => t.id)).toEqual(peer.encode(text, 'all'));
    expect(result.tokens[0]).toEqual({ id: 15496, text: 'Hello', start: 0, end: 5 });
    expect(result.tokens.at(-1)).toMatchObject({ id: 50256, text: '<|endoftext|>', start: text.length - 13, end: text.length });
  });

  it('prints a table with the count', async () => {
    const { stdout } = await invoke('tokenize', 'Hello world');
    expect(stdout).toMatch(/^2 tokens, 11 characters\n/);
    expect(stdout).toMatch(/15496 {2}"Hello"/);
    expect(stdout).toMatch(/995 {2}" world"/);
  });

  it('decodes ids, and explains bad ones', async () => {
    expect((await invoke('tokenize', '--decode', peer.encode('round trip ✓').join(','))).stdout).toBe('round trip ✓\n');
    expect(await invoke('tokenize', '--decode', '1,x')).toMatchObject({ code: 2, stderr: expect.stringContaining('--decode 1,x: item 1 ("x") is not a token id') as unknown });
    expect(await invoke('tokenize', '--decode', '99999')).toMatchObject({ code: 2, stderr: expect.stringContaining('99999') as unknown });
    expect(await invoke('tokenize')).toMatchObject({ code: 2, stderr: expect.stringContaining('expected one TEXT') as unknown });
  });
});
