import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestHub, TINY_EOS, startTestHub, tinyRepoFiles } from '@fewshot/hub/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../__fixtures__/run-cli.js';
import type { GenerateJson } from './generate-output.js';

/** `--model org/name` end to end against a Hub-compatible server on 127.0.0.1 (HF_ENDPOINT). */
const COMMIT = { gpt2: '1'.repeat(40), gpt_neo: '2'.repeat(40), configured: '3'.repeat(40), old: '4'.repeat(40) };
const ENV = ['HF_ENDPOINT', 'HF_HUB_CACHE', 'HF_HUB_OFFLINE', 'HF_TOKEN'] as const;
const saved = Object.fromEntries(ENV.map((name) => [name, process.env[name]]));
let hub: TestHub;
let cache: string;
const local: Record<string, string> = {};

function setEnv(values: Partial<Record<(typeof ENV)[number], string>>): void {
  for (const name of ENV) {
    const value = values[name];
    if (value === undefined) Reflect.deleteProperty(process.env, name);
    else process.env[name] = value;
  }
}

beforeAll(async () => {
  const files = {
    gpt2: tinyRepoFiles('gpt2'),
    gpt_neo: tinyRepoFiles('gpt_neo', {
      format: 'pytorch',
      dtype: 'F32',
      prefix: true,
      buffers: 'BOOL',
      lmHead: 'tied',
    }),
  };
  hub = await startTestHub({
    'tiny/gpt2': {
      commits: { [COMMIT.gpt2]: files.gpt2, [COMMIT.old]: tinyRepoFiles('gpt_neo') },
      refs: { main: COMMIT.gpt2, v0: COMMIT.old },
    },
    'tiny/neo': { commits: { [COMMIT.gpt_neo]: files.gpt_neo }, refs: { main: COMMIT.gpt_neo } },
    'tiny/configured': {
      commits: {
        [COMMIT.configured]: tinyRepoFiles('gpt2', undefined, {
          do_sample: false,
          max_new_tokens: 4,
          eos_token_id: TINY_EOS,
        }),
      },
      refs: { main: COMMIT.configured },
    },
  });
  for (const [family, repoFiles] of Object.entries(files)) {
    const directory = mkdtempSync(join(tmpdir(), `fewshot-cli-local-${family}-`));
    for (const [file, bytes] of Object.entries(repoFiles)) writeFileSync(join(directory, file), bytes);
    local[family] = directory;
  }
  cache = mkdtempSync(join(tmpdir(), 'fewshot-cli-cache-'));
  setEnv({ HF_ENDPOINT: hub.endpoint, HF_HUB_CACHE: cache });
});

afterAll(async () => {
  setEnv(saved);
  await hub.close();
  for (const directory of [cache, ...Object.values(local)]) rmSync(directory, { recursive: true, force: true });
});

// The streamed text (the JSON output carries timings, which no two runs share).
const GENERATE = ['--prompt', 'the cat', '--max-new-tokens', '6', '--seed', '3', '--backend', 'cpu'];

describe.each([
  ['tiny/gpt2', 'gpt2'],
  ['tiny/neo', 'gpt_neo'],
] as const)('fewshot generate --model %s', (repo, family) => {
  it('generates what the checkpoint gives from a local directory, online and offline from the cache', async () => {
    const expected = await runCli(['generate', '--model', local[family] ?? '', ...GENERATE]);
    expect(expected.code).toBe(0);
    const online = await runCli(['generate', '--model', repo, ...GENERATE]);
    expect(online.stderr).toMatch(/config\.json {2}\d+ B \/ \d+ B/);
    expect(online).toMatchObject({ code: 0, stdout: expected.stdout });
    setEnv({ HF_ENDPOINT: 'http://127.0.0.1:1', HF_HUB_CACHE: cache, HF_HUB_OFFLINE: '1' });
    try {
      const offline = await runCli(['generate', '--model', repo, ...GENERATE]);
      expect(offline).toMatchObject({ code: 0, stdout: expected.stdout, stderr: '' });
    } finally {
      setEnv({ HF_ENDPOINT: hub.endpoint, HF_HUB_CACHE: cache });
    }
    const scored = await runCli(['score', '--model', repo, '--text', 'the dog', '--json', '--backend', 'cpu']);
    expect(scored.stdout).toBe(
      (await runCli(['score', '--model', local[family] ?? '', '--text', 'the dog', '--json', '--backend', 'cpu']))
        .stdout,
    );
  });
});

describe('fewshot generate with Hub models', () => {
  it('honours generation_config.json (greedy, 4 new tokens) under the flags', async () => {
    const configured = JSON.parse(
      (await runCli(['generate', '--model', 'tiny/configured', '--prompt', 'the cat', '--backend', 'cpu', '--json']))
        .stdout,
    ) as GenerateJson;
    const greedy = JSON.parse(
      (
        await runCli([
          'generate',
          '--model',
          'tiny/gpt2',
          '--prompt',
          'the cat',
          '--greedy',
          '--max-new-tokens',
          '4',
          '--backend',
          'cpu',
          '--json',
        ])
      ).stdout,
    ) as GenerateJson;
    expect(configured.ids).toEqual(greedy.ids);
    expect(configured.usage.completion_tokens).toBe(4);
    const overridden = JSON.parse(
      (
        await runCli([
          'generate',
          '--model',
          'tiny/configured',
          '--prompt',
          'the cat',
          '--max-new-tokens',
          '2',
          '--backend',
          'cpu',
          '--json',
        ])
      ).stdout,
    ) as GenerateJson;
    expect(overridden.ids).toEqual(greedy.ids.slice(0, greedy.usage.prompt_tokens + 2));
  });

  it('takes a revision as @rev or --revision', async () => {
    const tagged = await runCli(['generate', '--model', 'tiny/gpt2@v0', ...GENERATE]);
    const flagged = await runCli(['generate', '--model', 'tiny/gpt2', '--revision', 'v0', ...GENERATE]);
    expect(tagged.code).toBe(0);
    expect(flagged.stdout).toBe(tagged.stdout);
    // v0 of tiny/gpt2 holds the tiny GPT-Neo (as safetensors; the local copy is its pytorch_model.bin).
    expect(tagged.stdout).toBe((await runCli(['generate', '--model', local.gpt_neo ?? '', ...GENERATE])).stdout);
  });

  it.each([
    [
      ['--model', 'tiny/absent'],
      1,
      'fewshot: repository tiny/absent not found (HTTP 401); if it is private, set HF_TOKEN (Repository not found)\n',
    ],
    [['--model', 'tiny/gpt2@nope'], 1, 'fewshot: revision nope not found in tiny/gpt2 (Invalid rev id: nope)\n'],
    [['--model', 'a/b/c'], 2, 'fewshot: --model: directory a/b/c does not exist (a Hub repo is named org/name)\n'],
    [
      ['--model', 'bad name!'],
      2,
      'fewshot: --model: model "bad name!" is not a Hub repo name: ' +
        'expected org/name or name (letters, digits, - _ .), optionally @revision\n',
    ],
  ] as const)('reports %j in one line', async (flags, code, stderr) => {
    expect(await runCli(['generate', ...flags, '--prompt', 'x', '--backend', 'cpu'])).toMatchObject({ code, stderr });
  });
});

describe('fewshot download and fewshot models', () => {
  it('downloads into the cache, lists it, and deletes it', async () => {
    const own = mkdtempSync(join(tmpdir(), 'fewshot-cli-cache-'));
    setEnv({ HF_ENDPOINT: hub.endpoint, HF_HUB_CACHE: own });
    try {
      expect(await runCli(['models'])).toMatchObject({
        code: 0,
        stdout: `no models in ${own} (fewshot download ORG/NAME fetches one)\n`,
      });
      const downloaded = await runCli(['download', 'tiny/neo']);
      expect(downloaded.code).toBe(0);
      const snapshot = join(own, 'models--tiny--neo', 'snapshots', COMMIT.gpt_neo);
      expect(downloaded.stdout).toBe(
        `tiny/neo@main (commit ${COMMIT.gpt_neo}) in ${snapshot}\n` +
          '  config.json\n  vocab.json\n  merges.txt\n  pytorch_model.bin\n',
      );
      expect(downloaded.stderr).toMatch(/pytorch_model\.bin {2}[\d.]+ kB \/ [\d.]+ kB/);
      expect(readdirSync(snapshot).sort()).toEqual(['config.json', 'merges.txt', 'pytorch_model.bin', 'vocab.json']);
      await runCli(['download', 'tiny/gpt2', '--revision', 'v0']);
      const listed = await runCli(['models']);
      expect(listed.stdout).toMatch(
        new RegExp(`^tiny/gpt2\\s+v0\\s+${COMMIT.old.slice(0, 12)}\\s+4\\s+[\\d.]+ kB$`, 'm'),
      );
      expect(listed.stdout).toMatch(
        new RegExp(`^tiny/neo\\s+main\\s+${COMMIT.gpt_neo.slice(0, 12)}\\s+4\\s+[\\d.]+ kB$`, 'm'),
      );
      const json = JSON.parse((await runCli(['models', '--json'])).stdout) as {
        models: { repoId: string; size: number }[];
      };
      expect(json.models.map((model) => model.repoId)).toEqual(['tiny/gpt2', 'tiny/neo']);
      expect(await runCli(['models', '--delete', 'tiny/neo'])).toMatchObject({
        code: 0,
        stdout: `deleted tiny/neo from ${own}\n`,
      });
      expect(readdirSync(own).filter((entry) => entry.startsWith('models--'))).toEqual(['models--tiny--gpt2']);
      expect(await runCli(['models', '--delete', 'tiny/neo'])).toMatchObject({
        code: 1,
        stderr: `fewshot: tiny/neo is not in the cache ${own}\n`,
      });
      expect(await runCli(['download'])).toMatchObject({ code: 2 });
    } finally {
      setEnv({ HF_ENDPOINT: hub.endpoint, HF_HUB_CACHE: cache });
      rmSync(own, { recursive: true, force: true });
    }
  });
});
