import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_HOST, DEFAULT_PORT, describeLoadFailure, modelIdFor, parsePlaygroundArgs } from './cli-options.js';
import { loadServedModel } from './served-model.js';

describe('parsePlaygroundArgs', () => {
  it('defaults to the bundled model on loopback port 3000', () => {
    expect(parsePlaygroundArgs([])).toEqual({ model: undefined, port: DEFAULT_PORT, host: DEFAULT_HOST, backend: undefined, help: false });
    expect([DEFAULT_PORT, DEFAULT_HOST]).toEqual([3000, '127.0.0.1']);
  });

  it('reads --model, --port, --host and --backend', () => {
    expect(parsePlaygroundArgs(['--model', 'models/gpt2', '--port', '8080', '--host', '0.0.0.0', '--backend', 'cpu'])).toEqual({
      model: 'models/gpt2', port: 8080, host: '0.0.0.0', backend: 'cpu', help: false,
    });
  });

  it('names the flag, the value and what is allowed', () => {
    expect(() => parsePlaygroundArgs(['--port', '70000'])).toThrow('--port 70000: expected an integer in [0, 65535] (0 picks a free port)');
    expect(() => parsePlaygroundArgs(['--port', 'http'])).toThrow('--port http: expected an integer');
    expect(() => parsePlaygroundArgs(['--backend', 'webgl'])).toThrow('--backend webgl: expected one of tensorflow, wasm, cpu');
    expect(() => parsePlaygroundArgs(['--modle', 'x'])).toThrow(/--modle/);
  });
});

describe('model ids and load failures', () => {
  it('serves the default as fewshot-mini and a directory under its name', () => {
    expect(modelIdFor(undefined)).toBe('fewshot-mini');
    expect(modelIdFor('/models/gpt2-small/')).toBe('gpt2-small');
  });

  it('an empty default model folder gets directions; another model its plain reason', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'fewshot-empty-'));
    try {
      const error: unknown = await loadServedModel(empty, { id: 'fewshot-mini' }).catch((caught: unknown) => caught);
      if (!(error instanceof Error)) throw new Error('an empty directory loaded');
      expect(describeLoadFailure(error, true)).toBe(
        `the bundled fewshot-mini model has not been trained yet: ${empty} holds no model: config.json is missing ` +
          '(a model directory has config.json and model.safetensors).\nTrain it (see packages/mini/README.md), or serve another model directory with --model DIR.',
      );
      expect(describeLoadFailure(error, false)).toBe(`${empty} holds no model: config.json is missing (a model directory has config.json and model.safetensors)`);
    } finally {
      await rm(empty, { recursive: true });
    }
  });
});
