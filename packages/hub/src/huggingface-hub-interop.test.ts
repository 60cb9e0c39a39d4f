import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadModel } from './download-model.js';
import { HubCache, listCachedModels } from './hub-cache.js';
import { loadPretrained } from './load-pretrained.js';
import { parseRepoReference } from './repo-reference.js';
import { type TestHub, startTestHub } from './testing/hub-server.js';
import { PLAIN, tinyRepoFiles } from './testing/tiny-checkpoints.js';

/**
 * The cache is shared with huggingface_hub in both directions: what fewshot fetched, Python's
 * `hf_hub_download(local_files_only=True)` finds, and what Python fetched, fewshot loads offline.
 * Runs where `python3 -c "import huggingface_hub"` works (e.g. `pip install huggingface_hub`).
 */
const probe = spawnSync('python3', ['-c', 'import huggingface_hub; print(huggingface_hub.__version__)'], {
  encoding: 'utf8',
});
const available = probe.status === 0;
if (!available) {
  console.warn(
    'huggingface-hub-interop: skipped, python3 cannot import huggingface_hub (pip install huggingface_hub to run it)',
  );
}

const COMMIT = 'f'.repeat(40);
const GPT2 = tinyRepoFiles('gpt2');
const NEO = tinyRepoFiles('gpt_neo', { ...PLAIN, buffers: 'BOOL', dtype: 'BF16' });
let hub: TestHub;
const temporary: string[] = [];

/** Runs a Python script without blocking the event loop, which serves the test Hub it talks to. */
async function python(script: string, env: Record<string, string>): Promise<string> {
  const { stdout } = await promisify(execFile)('python3', ['-c', script], {
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      ...process.env,
      HF_HUB_DISABLE_TELEMETRY: '1',
      HF_HUB_DISABLE_XET: '1',
      HF_HUB_DISABLE_PROGRESS_BARS: '1',
      ...env,
    },
  });
  return stdout;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  hub = await startTestHub({
    'tiny/gpt2': { commits: { [COMMIT]: GPT2 }, refs: { main: COMMIT } },
    'tiny/neo': { commits: { [COMMIT]: NEO }, refs: { main: COMMIT } },
  });
});

afterAll(async () => {
  await hub.close();
  await Promise.all(temporary.map((directory) => rm(directory, { recursive: true, force: true })));
});

describe.runIf(available)(`the cache shared with huggingface_hub ${probe.stdout.trim()}`, () => {
  it('huggingface_hub finds, offline, every file fewshot fetched, byte for byte', async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), 'fewshot-interop-'));
    temporary.push(cacheDir);
    const snapshot = await downloadModel(parseRepoReference('tiny/gpt2'), {
      settings: { endpoint: hub.endpoint, cacheDir },
    });
    const script = `
import hashlib, json, sys
from huggingface_hub import hf_hub_download, scan_cache_dir
out = {}
for name in ${JSON.stringify(snapshot.files)}:
    path = hf_hub_download('tiny/gpt2', name, cache_dir=${JSON.stringify(cacheDir)}, local_files_only=True)
    out[name] = hashlib.sha256(open(path, 'rb').read()).hexdigest()
repos = {repo.repo_id: repo.size_on_disk for repo in scan_cache_dir(${JSON.stringify(cacheDir)}).repos}
print(json.dumps({'files': out, 'repos': repos}))`;
    const { files, repos } = JSON.parse(await python(script, { HF_HUB_OFFLINE: '1' })) as {
      files: Record<string, string>;
      repos: Record<string, number>;
    };
    const expected = Object.fromEntries(
      snapshot.files.map((name) => [
        name,
        createHash('sha256')
          .update(GPT2[name] ?? '')
          .digest('hex'),
      ]),
    );
    expect(files).toEqual(expected);
    const [listed] = await listCachedModels(new HubCache(cacheDir));
    expect(repos).toEqual({ 'tiny/gpt2': listed?.size });
  });

  it('fewshot loads offline a model huggingface_hub fetched', async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), 'fewshot-interop-'));
    temporary.push(cacheDir);
    const script = `
from huggingface_hub import hf_hub_download
for name in ['config.json', 'vocab.json', 'merges.txt', 'model.safetensors']:
    hf_hub_download('tiny/neo', name, cache_dir=${JSON.stringify(cacheDir)})`;
    await python(script, { HF_ENDPOINT: hub.endpoint });
    hub.requests.length = 0;
    const loaded = await loadPretrained('tiny/neo', { backend: 'cpu', offline: true, settings: { cacheDir } });
    expect(hub.requests).toEqual([]);
    expect(loaded.source).toMatchObject({ kind: 'hub', repoId: 'tiny/neo', commit: COMMIT });
    expect(loaded.modelType).toBe('gpt_neo');
    loaded.model.dispose();
  });
});
