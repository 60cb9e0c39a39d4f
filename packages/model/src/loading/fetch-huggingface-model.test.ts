import { mkdtemp, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createModelConfig } from '@fewshot/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBrowserBackend } from '../backend/select-backend.js';
import { readSafetensors } from '../checkpoint/safetensors-reader.js';
import { writeSafetensors } from '../checkpoint/safetensors-writer.js';
import { GptModel } from '../gpt-model.js';
import { loadHuggingFaceModel, saveHuggingFaceModel } from '../node/huggingface-directory.js';
import { type StaticDirectoryServer, serveDirectory } from './__fixtures__/static-directory-server.js';
import type { FileProgress } from './fetch-file.js';
import { fetchHuggingFaceModel } from './fetch-huggingface-model.js';
import { ModelFetchError } from './model-fetch-error.js';

const IDS = [3, 14, 15, 9, 2, 6, 5, 35];
const VOCAB_JSON = '{"a": 0, "b": 1}';
const MERGES_TXT = '#version: 0.2\na b\n';

let directory: string;
let shardedDirectory: string;
let server: StaticDirectoryServer;
let shardedServer: StaticDirectoryServer;
/** The logits of IDS from the model `loadHuggingFaceModel` reads from `directory`, and its model type. */
let expected: number[];
let expectedModelType: string;

function logitsOf(model: GptModel): number[] {
  const { logits } = model.forward(IDS);
  const values = Array.from(logits.dataSync());
  logits.dispose();
  return values;
}

beforeAll(async () => {
  await selectBrowserBackend('wasm');
  const config = createModelConfig({
    name: 'tiny',
    vocabSize: 64,
    contextLength: 32,
    dModel: 16,
    nLayer: 2,
    nHead: 2,
    attention: [{ type: 'dense' }, { type: 'local', window: 4 }],
  });
  const model = GptModel.create(config, { seed: 3 });
  directory = await mkdtemp(join(tmpdir(), 'fewshot-fetch-'));
  await saveHuggingFaceModel(model, directory);
  model.dispose();
  await writeFile(join(directory, 'vocab.json'), VOCAB_JSON);
  await writeFile(join(directory, 'merges.txt'), MERGES_TXT);
  await writeFile(join(directory, 'generation_config.json'), '{"eos_token_id": 63}');
  const loaded = await loadHuggingFaceModel(directory);
  expected = logitsOf(loaded.model);
  expectedModelType = loaded.modelType;
  loaded.model.dispose();

  // The same weights in two shards listed by an index, as transformers saves large checkpoints.
  shardedDirectory = await mkdtemp(join(tmpdir(), 'fewshot-fetch-sharded-'));
  const { tensors } = readSafetensors(await readFile(join(directory, 'model.safetensors')), 'model.safetensors');
  const names = [...tensors.keys()];
  const weightMap: Record<string, string> = {};
  for (const [i, part] of [names.slice(0, 5), names.slice(5)].entries()) {
    const shard = `model-0000${String(i + 1)}-of-00002.safetensors`;
    for (const name of part) weightMap[name] = shard;
    const subset = new Map(part.map((name) => [name, tensors.get(name) ?? { shape: [], data: new Float32Array() }]));
    await writeFile(join(shardedDirectory, shard), writeSafetensors(subset, shard));
  }
  await writeFile(
    join(shardedDirectory, 'model.safetensors.index.json'),
    JSON.stringify({ metadata: {}, weight_map: weightMap }),
  );
  await writeFile(join(shardedDirectory, 'config.json'), await readFile(join(directory, 'config.json')));
  server = await serveDirectory(directory, 'tiny');
  shardedServer = await serveDirectory(shardedDirectory, 'tiny-sharded');
}, 60_000);

afterAll(async () => {
  await server.close();
  await shardedServer.close();
  await rm(directory, { recursive: true, force: true });
  await rm(shardedDirectory, { recursive: true, force: true });
});

describe('fetchHuggingFaceModel from a plain static server', () => {
  it('loads the model the file-system loader loads, with per-file progress in bytes', async () => {
    const progress: FileProgress[] = [];
    const fetched = await fetchHuggingFaceModel({ url: server.url }, { onProgress: (update) => progress.push(update) });
    expect(logitsOf(fetched.model)).toEqual(expected);
    fetched.model.dispose();
    expect(fetched.name).toBe('tiny');
    expect(fetched.modelType).toBe(expectedModelType);
    expect(fetched.tokenizerFiles).toEqual({ 'vocab.json': VOCAB_JSON, 'merges.txt': MERGES_TXT });
    expect(fetched.generationConfig).toEqual({ eos_token_id: 63 });
    for (const file of ['config.json', 'generation_config.json', 'vocab.json', 'merges.txt', 'model.safetensors']) {
      const size = (await stat(join(directory, file))).size;
      const updates = progress.filter((update) => update.file === file);
      expect(updates.at(-1), file).toEqual({ file, loaded: size, total: size });
      const loaded = updates.map((update) => update.loaded);
      expect(loaded, file).toEqual([...loaded].sort((a, b) => a - b));
    }
  });

  it('asks only for the files a listing names, and for nothing absent', async () => {
    server.requested.length = 0;
    const files = ['config.json', 'model.safetensors', 'vocab.json', 'merges.txt'];
    const fetched = await fetchHuggingFaceModel({ url: server.url, files });
    fetched.model.dispose();
    expect(server.requested.map((path) => path.slice(path.lastIndexOf('/') + 1)).sort()).toEqual([...files].sort());
    expect(fetched.generationConfig).toBeUndefined();
  });

  it('loads a checkpoint sharded by model.safetensors.index.json, with the same logits', async () => {
    const fetched = await fetchHuggingFaceModel({ url: shardedServer.url });
    expect(logitsOf(fetched.model)).toEqual(expected);
    fetched.model.dispose();
    expect(fetched.tokenizerFiles).toEqual({});
  });

  it('reads a body sent without Content-Length, reporting no total', async () => {
    server.modes.set('model.safetensors', 'chunked');
    const progress: FileProgress[] = [];
    try {
      const fetched = await fetchHuggingFaceModel(
        { url: server.url },
        { onProgress: (update) => progress.push(update) },
      );
      expect(logitsOf(fetched.model)).toEqual(expected);
      fetched.model.dispose();
    } finally {
      server.modes.delete('model.safetensors');
    }
    const size = (await stat(join(directory, 'model.safetensors'))).size;
    expect(progress.filter((update) => update.file === 'model.safetensors').at(-1)).toEqual({
      file: 'model.safetensors',
      loaded: size,
      total: undefined,
    });
  });

  it('refuses a body cut off before its Content-Length, naming the URL', async () => {
    server.modes.set('model.safetensors', 'truncated');
    try {
      const error = await fetchHuggingFaceModel({ url: server.url }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ModelFetchError);
      expect((error as ModelFetchError).url).toBe(`${server.url}model.safetensors`);
      expect((error as Error).message).toMatch(
        /^http:\/\/127\.0\.0\.1:\d+\/models\/tiny\/model\.safetensors: (ended after|the transfer broke off)/,
      );
    } finally {
      server.modes.delete('model.safetensors');
    }
  });

  it('says which file is missing: config.json, or the weights', async () => {
    await expect(fetchHuggingFaceModel({ url: `${server.url}nothing/` })).rejects.toThrow(
      `${server.url}nothing/config.json: not found: a model directory needs config.json`,
    );
    const weights = join(directory, 'model.safetensors');
    const bytes = await readFile(weights);
    await unlink(weights);
    try {
      await expect(fetchHuggingFaceModel({ url: server.url })).rejects.toThrow(
        `${server.url}: has neither model.safetensors nor model.safetensors.index.json`,
      );
    } finally {
      await writeFile(weights, bytes);
    }
  });

  it('refuses locations it cannot read, naming the field and what is allowed', async () => {
    await expect(fetchHuggingFaceModel({ url: 'ftp://example.com/model/' })).rejects.toThrow(
      'url = "ftp://example.com/model/" is invalid: expected an http: or https: URL',
    );
    await expect(fetchHuggingFaceModel({ repo: 'a/b/c' })).rejects.toThrow(
      'repo = "a/b/c" is invalid: expected org/name or name (letters, digits, - _ .)',
    );
    await expect(fetchHuggingFaceModel({ repo: 'gpt2', endpoint: 'not a url' })).rejects.toThrow(
      'endpoint = "not a url" is invalid: expected an http: or https: URL',
    );
  });
});
