import '@tensorflow/tfjs-backend-cpu';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from '@fewshot/sampling';
import { runReadmeExampleAsync } from '@fewshot/vitest-config/readme';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeModelSource } from './model-source.js';
import { type PretrainedOptions, loadPretrained } from './load-pretrained.js';
import { type TestHub, startTestHub } from './testing/hub-server.js';
import { tinyRepoFiles } from './testing/tiny-checkpoints.js';

const COMMIT = 'e'.repeat(40);
let hub: TestHub;
let cacheDir: string;

beforeAll(async () => {
  // The README's repo name, served with a tiny GPT-Neo by a local Hub.
  hub = await startTestHub({
    'EleutherAI/gpt-neo-125m': { commits: { [COMMIT]: tinyRepoFiles('gpt_neo') }, refs: { main: COMMIT } },
  });
  cacheDir = await mkdtemp(join(tmpdir(), 'fewshot-hub-readme-'));
});

afterAll(async () => {
  await hub.close();
  await rm(cacheDir, { recursive: true, force: true });
});

describe('README example', () => {
  it('downloads, loads and generates as written', async () => {
    const local = (name: string, options: PretrainedOptions) =>
      loadPretrained(name, { ...options, backend: 'cpu', settings: { endpoint: hub.endpoint, cacheDir } });
    const printed = await runReadmeExampleAsync(new URL('../README.md', import.meta.url), {
      loadPretrained: local,
      describeModelSource,
      generate,
    });
    expect(printed.slice(0, 4)).toEqual([
      'fetched config.json',
      'fetched vocab.json',
      'fetched merges.txt',
      'fetched model.safetensors',
    ]);
    const snapshot = join(cacheDir, 'models--EleutherAI--gpt-neo-125m', 'snapshots', COMMIT);
    expect(printed[4]).toBe(`gpt_neo EleutherAI/gpt-neo-125m@main (commit eeeeeee, ${snapshot})`);
    expect(printed[5]?.length).toBeGreaterThan(0);
  });
});
