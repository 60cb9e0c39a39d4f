import { describe, expect, it } from 'vitest';
import { DEFAULT_HOST, DEFAULT_PORT, parsePlaygroundArgs } from './cli-options.js';
import { servedModelId } from './served-model.js';

const DEFAULTS = {
  models: [],
  revision: undefined,
  port: DEFAULT_PORT,
  host: DEFAULT_HOST,
  backend: undefined,
  weights: undefined,
  logPrompts: false,
  help: false,
};

describe('parsePlaygroundArgs', () => {
  it('defaults to the bundled model on loopback port 3000', () => {
    expect(parsePlaygroundArgs([])).toEqual(DEFAULTS);
    expect([DEFAULT_PORT, DEFAULT_HOST]).toEqual([3000, '127.0.0.1']);
  });

  it('reads every --model, --revision, --port, --host, --backend and --log-prompts', () => {
    expect(
      parsePlaygroundArgs([
        '--model',
        'models/gpt2',
        '--port',
        '8080',
        '--host',
        '0.0.0.0',
        '--backend',
        'cpu',
        '--log-prompts',
      ]),
    ).toEqual({
      ...DEFAULTS,
      models: ['models/gpt2'],
      port: 8080,
      host: '0.0.0.0',
      backend: 'cpu',
      logPrompts: true,
    });
    expect(parsePlaygroundArgs(['--model', 'gpt2', '--model', 'EleutherAI/gpt-neo-125m@main']).models).toEqual([
      'gpt2',
      'EleutherAI/gpt-neo-125m@main',
    ]);
    expect(parsePlaygroundArgs(['--model', 'gpt2', '--revision', 'v1']).revision).toBe('v1');
    expect(parsePlaygroundArgs(['--weights', 'int8']).weights).toBe('int8');
    expect(parsePlaygroundArgs(['--weights', 'float32']).weights).toBe('float32');
    expect(parsePlaygroundArgs([]).weights).toBeUndefined();
  });

  it('takes PORT and HOST from the environment, the flags over them', () => {
    expect(parsePlaygroundArgs([], { PORT: '8081', HOST: '0.0.0.0' })).toMatchObject({ port: 8081, host: '0.0.0.0' });
    expect(parsePlaygroundArgs(['--port', '9000', '--host', '::1'], { PORT: '8081', HOST: '0.0.0.0' })).toMatchObject({
      port: 9000,
      host: '::1',
    });
    expect(parsePlaygroundArgs([], { PORT: '', HOST: '' })).toMatchObject({ port: DEFAULT_PORT, host: DEFAULT_HOST });
  });

  it('names the flag or variable, the value and what is allowed', () => {
    expect(() => parsePlaygroundArgs(['--port', '70000'])).toThrow(
      '--port 70000: expected an integer in [0, 65535] (0 picks a free port)',
    );
    expect(() => parsePlaygroundArgs([], { PORT: 'http' })).toThrow('PORT http: expected an integer in [0, 65535]');
    expect(() => parsePlaygroundArgs(['--backend', 'webgl'])).toThrow(
      '--backend webgl: expected one of tensorflow, wasm, cpu',
    );
    expect(() => parsePlaygroundArgs(['--weights', 'int4'])).toThrow(
      '--weights int4: expected one of int8, float16, float32',
    );
    expect(() => parsePlaygroundArgs(['--revision', 'v1'])).toThrow('--revision v1: applies to exactly one --model');
    expect(() => parsePlaygroundArgs(['--modle', 'x'])).toThrow(/--modle/);
  });
});

describe('servedModelId', () => {
  it('serves the bundled model as fewshot-mini, a directory under its name, a Hub repo under its id', () => {
    expect(servedModelId({ kind: 'bundled', directory: '/x/mini/model' })).toBe('fewshot-mini');
    expect(servedModelId({ kind: 'directory', directory: '/models/gpt2-small/' })).toBe('gpt2-small');
    expect(
      servedModelId({
        kind: 'hub',
        directory: '/cache/snapshots/abc',
        repoId: 'EleutherAI/gpt-neo-125m',
        revision: 'main',
        commit: 'abc',
      }),
    ).toBe('EleutherAI/gpt-neo-125m');
  });
});
