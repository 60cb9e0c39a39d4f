import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PRESET_NAMES } from '@fewshot/config';
import { describe, expect, it } from 'vitest';
import { runCli } from './__fixtures__/run-cli.js';

const neoConfigPath = fileURLToPath(
  new URL('../../../packages/config/src/__fixtures__/gpt-neo-125m-config.json', import.meta.url),
);

describe('fewshot presets', () => {
  it('lists every preset with its published size', async () => {
    const { code, stdout } = await runCli(['presets']);
    expect(code).toBe(0);
    for (const name of PRESET_NAMES) expect(stdout).toMatch(new RegExp(`^${name.replace('.', '\\.')}\\s`, 'm'));
    // GPT-2 small has 124,439,808 parameters; GPT-3 175B has 175B (Table 2.1).
    expect(stdout).toMatch(/^gpt2\s.*\s124M\s/m);
    expect(stdout).toMatch(/^gpt3-175b\s.*dense \/ local\(256\)\s+175B\s/m);
  });
});

describe('fewshot config', () => {
  it('describes a preset: shape, exact parameter count, per-layer attention', async () => {
    const { code, stdout } = await runCli(['config', 'gpt2']);
    expect(code).toBe(0);
    expect(stdout).toContain('parameters: 124M (124,439,808)');
    expect(stdout).toContain('12 layers × 12 heads of 64');
  });

  it('reads a Hugging Face config.json and converts it back', async () => {
    const described = await runCli(['config', neoConfigPath]);
    expect(described.code).toBe(0);
    expect(described.stdout).toContain('parameters: 125M (125,198,592)');
    expect(described.stdout).toMatch(/1 {2}local\(256\)/);
    const hf = await runCli(['config', neoConfigPath, '--hf']);
    expect(JSON.parse(hf.stdout)).toMatchObject({ model_type: 'gpt_neo', window_size: 256, num_layers: 12 });
  });

  it('prints our JSON, which reads back as the same model', async () => {
    const json = (await runCli(['config', 'cpu-small', '--json'])).stdout;
    expect(JSON.parse(json)).toMatchObject({
      name: 'cpu-small',
      nLayer: 4,
      attention: [{ type: 'dense' }, { type: 'local', window: 64 }, { type: 'dense' }, { type: 'local', window: 64 }],
    });
    const path = join(mkdtempSync(join(tmpdir(), 'fewshot-cli-')), 'cpu-small.json');
    writeFileSync(path, json);
    expect((await runCli(['config', path, '--json'])).stdout).toBe(json);
  });

  it('explains usage mistakes on stderr with exit code 2', async () => {
    expect(await runCli(['config', 'gpt5'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('"gpt5" is neither a preset') as unknown,
    });
    expect(await runCli(['config', 'gpt3-small', '--hf'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('scaleAttentionScores = true is invalid') as unknown,
    });
    expect(await runCli(['config', 'gpt2', '--context', '4096'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--context 4096: expected an integer in 1..1024') as unknown,
    });
    expect(await runCli(['config', 'gpt2', '--hf', '--model-type', 'llama'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('expected one of gpt2, gpt_neo') as unknown,
    });
    expect(await runCli(['config', 'gpt2', '--bogus'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("Unknown option '--bogus'") as unknown,
    });
    expect(await runCli(['frobnicate'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('unknown command "frobnicate"') as unknown,
    });
  });

  it('reports an invalid config file by field', async () => {
    const path = fileURLToPath(new URL('./__fixtures__/bad-config.json', import.meta.url));
    const { code, stderr } = await runCli(['config', path]);
    expect(code).toBe(2);
    expect(stderr).toContain('nHead = 5 is invalid: dModel (64) must be divisible by nHead');
  });
});
