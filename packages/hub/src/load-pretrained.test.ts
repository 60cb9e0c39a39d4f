import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GptModel } from '@fewshot/model';
import { loadHuggingFaceModel } from '@fewshot/model/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPretrained } from './load-pretrained.js';
import { type TestHub, startTestHub } from './testing/hub-server.js';
import { type CheckpointVariant, PLAIN, TINY_EOS, tinyRepoFiles } from './testing/tiny-checkpoints.js';

const FAMILIES = ['gpt2', 'gpt_neo'] as const;
const VARIANTS: Record<string, CheckpointVariant> = {
  'bare names, BOOL masks, F16': { ...PLAIN, prefix: false, buffers: 'BOOL', dtype: 'F16' },
  'U8 masks, BF16, tied lm_head': { ...PLAIN, buffers: 'U8', dtype: 'BF16', lmHead: 'tied' },
  'sharded safetensors with masks': { ...PLAIN, format: 'sharded', buffers: 'BOOL' },
  'pytorch_model.bin, BOOL masks, tied lm_head': { ...PLAIN, format: 'pytorch', buffers: 'BOOL', lmHead: 'tied' },
  'pytorch_model.bin, bare names, F16': { ...PLAIN, format: 'pytorch', prefix: false, dtype: 'F16' },
};
const COMMIT = (i: number): string => i.toString(16).padStart(40, '0');
const IDS = [5, 77, 120, 3, 299, 42];
let hub: TestHub;
const temporary: string[] = [];

async function freshDirectory(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'fewshot-pretrained-'));
  temporary.push(directory);
  return directory;
}

function logits(model: GptModel): Float32Array {
  const { logits: output } = model.forward(IDS);
  const values = output.dataSync() as Float32Array;
  output.dispose();
  return values;
}

function largestDifference(a: Float32Array, b: Float32Array): number {
  return a.reduce((worst, value, i) => Math.max(worst, Math.abs(value - (b[i] ?? Number.NaN))), 0);
}

/** The baseline: each family's plain F32 safetensors checkpoint, as the model package loads a directory. */
async function baseline(family: (typeof FAMILIES)[number]): Promise<Float32Array> {
  const directory = await freshDirectory();
  for (const [file, bytes] of Object.entries(tinyRepoFiles(family))) await writeFile(join(directory, file), bytes);
  const { model } = await loadHuggingFaceModel(directory);
  const values = logits(model);
  model.dispose();
  return values;
}

const repos: Record<string, { commits: Record<string, Record<string, Uint8Array>>; refs: Record<string, string> }> = {};
let index = 1;
for (const family of FAMILIES) {
  repos[`tiny/${family}`] = {
    commits: { [COMMIT(index)]: tinyRepoFiles(family, PLAIN, { eos_token_id: [7, TINY_EOS], do_sample: false }) },
    refs: { main: COMMIT(index) },
  };
  index++;
  for (const [name, variant] of Object.entries(VARIANTS)) {
    repos[`tiny/${family}-${name.replaceAll(/[^a-z0-9]+/gi, '-')}`] = {
      commits: { [COMMIT(index)]: tinyRepoFiles(family, variant) },
      refs: { main: COMMIT(index) },
    };
    index++;
  }
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  hub = await startTestHub(repos);
});

afterAll(async () => {
  await hub.close();
  await Promise.all(temporary.map((directory) => rm(directory, { recursive: true, force: true })));
});

describe.each(FAMILIES)('loadPretrained of a %s repo', (family) => {
  it.each(Object.keys(VARIANTS))('%s: the same model as the plain checkpoint', async (name) => {
    const cacheDir = await freshDirectory();
    const repo = `tiny/${family}-${name.replaceAll(/[^a-z0-9]+/gi, '-')}`;
    const loaded = await loadPretrained(repo, { backend: 'cpu', settings: { endpoint: hub.endpoint, cacheDir } });
    expect(largestDifference(logits(loaded.model), await baseline(family))).toBeLessThan(1e-5);
    expect(loaded.source).toMatchObject({ kind: 'hub', repoId: repo, revision: 'main' });
    loaded.model.dispose();
  });

  it('reads generation_config.json, and loads again from the cache alone', async () => {
    const cacheDir = await freshDirectory();
    const settings = { endpoint: hub.endpoint, cacheDir };
    const online = await loadPretrained(`tiny/${family}`, { backend: 'cpu', settings });
    expect(online.generationConfig).toEqual({ eosTokenId: [7, TINY_EOS], temperature: 0 });
    expect(online.eosTokenId).toBe(7);
    expect(online.tokenizer.decode(online.tokenizer.encode('the cat sat'))).toBe('the cat sat');
    const expected = logits(online.model);
    online.model.dispose();
    hub.requests.length = 0;
    const offline = await loadPretrained(`tiny/${family}`, {
      backend: 'cpu',
      offline: true,
      settings: { ...settings, endpoint: 'http://127.0.0.1:1' },
    });
    expect(hub.requests).toEqual([]);
    expect(offline.source).toMatchObject({ kind: 'hub', commit: repos[`tiny/${family}`]?.refs.main });
    expect(logits(offline.model)).toEqual(expected);
    offline.model.dispose();
  });
});

describe('loadPretrained', () => {
  it('prefers a local directory to a Hub repo of the same name', async () => {
    const root = await freshDirectory();
    await mkdir(join(root, 'tiny', 'gpt2'), { recursive: true });
    const files = tinyRepoFiles('gpt_neo');
    for (const [file, bytes] of Object.entries(files)) await writeFile(join(root, 'tiny', 'gpt2', file), bytes);
    const before = process.cwd();
    process.chdir(root);
    try {
      hub.requests.length = 0;
      const loaded = await loadPretrained('tiny/gpt2', {
        backend: 'cpu',
        settings: { endpoint: hub.endpoint, cacheDir: join(root, 'cache') },
      });
      expect(loaded.source).toEqual({ kind: 'directory', directory: join(root, 'tiny', 'gpt2') });
      expect(loaded.modelType).toBe('gpt_neo');
      expect(hub.requests).toEqual([]);
      loaded.model.dispose();
    } finally {
      process.chdir(before);
    }
  });

  it('loads the bundled model when named nothing', async () => {
    const loaded = await loadPretrained(undefined, { backend: 'cpu' });
    expect(loaded.source.kind).toBe('bundled');
    const config = JSON.parse(await readFile(join(loaded.source.directory, 'config.json'), 'utf8')) as {
      eos_token_id?: number;
    };
    expect(loaded.eosTokenId).toBe(config.eos_token_id ?? loaded.tokenizer.specialTokens['<|endoftext|>']);
    loaded.model.dispose();
  });

  it.each([
    ['./no/such/dir', {}, 'directory ./no/such/dir does not exist (a Hub repo is named org/name)'],
    [
      'tiny/missing',
      {},
      'repository tiny/missing not found (HTTP 401); if it is private, set HF_TOKEN (Repository not found)',
    ],
    ['tiny/gpt2@v9', {}, 'revision v9 not found in tiny/gpt2 (Invalid rev id: v9)'],
    [
      'tiny/gpt2',
      { offline: true },
      /^tiny\/gpt2@main: the revision is not in the cache .+, and downloads are off \(HF_HUB_OFFLINE\)$/,
    ],
  ] as const)('refuses %s %o in one line', async (name, extra, message) => {
    const cacheDir = await freshDirectory();
    await expect(
      loadPretrained(name, { backend: 'cpu', ...extra, settings: { endpoint: hub.endpoint, cacheDir } }),
    ).rejects.toThrow(message);
  });
});
