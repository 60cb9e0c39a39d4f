import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from './__fixtures__/run-cli.js';
import { evalCodeCommand } from './commands/eval-code.js';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/**
 * A README session: `$ cat FILE` shows a file, `$ fewshot …` a command, and the lines up to the
 * next `$` what it prints.
 */
function session(block: string): { files: Map<string, string>; args: string[]; stdout: string } {
  const files = new Map<string, string>();
  let args: string[] = [];
  let stdout = '';
  for (const part of block.split(/^\$ /m).filter((text) => text !== '')) {
    const [command = '', ...output] = part.split('\n');
    if (command.startsWith('cat ')) files.set(command.slice(4), output.join('\n'));
    else {
      args = command.split(' ').slice(1);
      stdout = output.join('\n');
    }
  }
  return { files, args, stdout };
}

describe('README', () => {
  it('lists the commands as `fewshot --help` prints them', async () => {
    const block = /```text\n\$ fewshot --help\n([\s\S]*?)```/.exec(README)?.[1];
    expect(block).toBe((await runCli(['--help'])).stdout);
  });

  it('eval-code prints what its example shows', async () => {
    const block = /```sh\n(\$ cat samples\.jsonl[\s\S]*?)```/.exec(README)?.[1];
    expect(block).toBeDefined();
    const { files, args, stdout } = session(block!);
    expect(args[0]).toBe('eval-code');
    let printed = '';
    const code = await evalCodeCommand(args.slice(1), {
      stdout: (text) => {
        printed += text;
      },
      stderr: () => undefined,
      readFile: (path) => files.get(path) ?? readFileSync(path, 'utf8'),
    });
    expect(code).toBe(0);
    expect(printed).toBe(stdout);
  }, 60_000);
});
