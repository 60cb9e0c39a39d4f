import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from '../__fixtures__/raw-http.js';
import {
  TEST_MODEL_ID,
  type TestServer,
  removeDirectory,
  startTestServer,
  writeTinyCheckpoint,
} from '../__fixtures__/test-server.js';

let directory: string;
let server: TestServer;

beforeAll(async () => {
  directory = await writeTinyCheckpoint();
  server = await startTestServer(directory);
  // Written once the model has loaded: files beside a checkpoint that are not the checkpoint's,
  // and a shard index naming a shard in this directory, one outside it and one with a path.
  await writeFile(join(directory, 'notes.txt'), 'not a model file');
  await writeFile(join(directory, 'vocab.json'), '{"a": 0}');
  await writeFile(join(directory, 'model-00001-of-00001.safetensors'), 'shard bytes');
  const weightMap = { a: 'model-00001-of-00001.safetensors', b: '../outside.safetensors', c: 'sub/dir.safetensors' };
  await writeFile(join(directory, 'model.safetensors.index.json'), JSON.stringify({ weight_map: weightMap }));
}, 60_000);

afterAll(async () => {
  await server.close();
  await removeDirectory(directory);
});

describe('GET /api/model/files', () => {
  it('lists the checkpoint files with their sizes, the shards its index names, and no path', async () => {
    const response = await rawRequest(`${server.baseUrl}/api/model/files`);
    expect(response.status).toBe(200);
    const names = [
      'config.json',
      'model.safetensors',
      'model.safetensors.index.json',
      'vocab.json',
      'model-00001-of-00001.safetensors',
    ];
    const expected = await Promise.all(
      names.map(async (name) => ({ name, size: (await stat(join(directory, name))).size })),
    );
    const listing = response.json as { model?: string; files?: { name: string; size: number }[] };
    expect(listing.model).toBe(TEST_MODEL_ID);
    expect([...(listing.files ?? [])].sort((a, b) => a.name.localeCompare(b.name))).toEqual(
      expected.sort((a, b) => a.name.localeCompare(b.name)),
    );
    expect(response.text).not.toContain(directory);
  });

  it('serves each listed file as it is on disk', async () => {
    for (const [name, type] of [
      ['config.json', 'application/json; charset=utf-8'],
      ['model.safetensors', 'application/octet-stream'],
    ] as const) {
      const response = await fetch(`${server.baseUrl}/api/model/files/${name}`);
      expect(response.status, name).toBe(200);
      expect(response.headers.get('content-type'), name).toBe(type);
      expect(Buffer.from(await response.arrayBuffer()).equals(await readFile(join(directory, name))), name).toBe(true);
    }
  });

  it('answers 404, naming no path, for any name it does not list', async () => {
    const refused = [
      'notes.txt',
      '%2E%2E%2Fconfig.json',
      '..%2F..%2F..%2Fetc%2Fpasswd',
      '%2Fetc%2Fpasswd',
      encodeURIComponent(join(directory, 'config.json')),
      '..%2Foutside.safetensors',
      'sub%2Fdir.safetensors',
      'config.json%00',
    ];
    for (const name of refused) {
      const response = await rawRequest(`${server.baseUrl}/api/model/files/${name}`);
      expect(response.status, name).toBe(404);
      expect(response.text, name).not.toContain(directory);
    }
    const response = await rawRequest(`${server.baseUrl}/api/model/files/notes.txt`);
    expect(response.json.error).toEqual({
      message: `${TEST_MODEL_ID} has no file "notes.txt"; GET /api/model/files lists the files it serves`,
      type: 'not_found_error',
      param: null,
      code: 'file_not_found',
    });
    // A path below the files is no route at all.
    expect((await rawRequest(`${server.baseUrl}/api/model/files/a/config.json`)).status).toBe(404);
  });

  it('picks among the served models only', async () => {
    const response = await rawRequest(`${server.baseUrl}/api/model/files?model=${encodeURIComponent(directory)}`);
    expect(response.status).toBe(404);
    expect(response.json.error?.code).toBe('model_not_found');
    expect(
      (await rawRequest(`${server.baseUrl}/api/model/files/config.json`, { method: 'POST', body: '{}' })).status,
    ).toBe(405);
  });
});
