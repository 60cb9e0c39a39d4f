import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestHub, PLAIN, startTestHub, tinyRepoFiles } from '@fewshot/hub/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, rawRequest } from './__fixtures__/raw-http.js';
import { TEST_MODEL_ID, writeTinyCheckpoint } from './__fixtures__/test-server.js';
import { ModelHost } from './model-host.js';
import { loadServedModel } from './served-model.js';
import { createPlaygroundServer } from './server.js';

const COMMIT = 'c'.repeat(40);
const NEO_COMMIT = 'd'.repeat(40);

let hub: TestHub;
let cache: string;
let directory: string;
let baseUrl: string;
let close: () => Promise<void>;

// A server started as `--model <directory> --model tiny/gpt2 --model tiny/gpt_neo`, with the Hub
// repos fetched from a local Hub into a fresh cache; tiny/gpt2's generation_config says greedy.
beforeAll(async () => {
  hub = await startTestHub({
    'tiny/gpt2': { commits: { [COMMIT]: tinyRepoFiles('gpt2', PLAIN, { do_sample: false }) }, refs: { main: COMMIT } },
    'tiny/gpt_neo': { commits: { [NEO_COMMIT]: tinyRepoFiles('gpt_neo') }, refs: { main: NEO_COMMIT } },
  });
  cache = await mkdtemp(join(tmpdir(), 'fewshot-playground-hub-'));
  process.env.HF_ENDPOINT = hub.endpoint;
  process.env.HF_HUB_CACHE = cache;
  directory = await writeTinyCheckpoint();
  const host = new ModelHost();
  for (const name of [directory, 'tiny/gpt2', 'tiny/gpt_neo']) {
    const state = await host.load(loadServedModel(name, { backend: 'wasm' }));
    if (state.status !== 'ready')
      throw new Error(`${name} did not load: ${state.status === 'failed' ? state.error.message : state.status}`);
  }
  const server = createPlaygroundServer({ host, log: () => undefined });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) =>
      server.close(() => {
        resolve();
      }),
    );
    host.dispose();
  };
}, 60_000);

afterAll(async () => {
  await close();
  await hub.close();
  delete process.env.HF_ENDPOINT;
  delete process.env.HF_HUB_CACHE;
  await Promise.all([cache, directory].map((path) => rm(path, { recursive: true, force: true })));
});

const dirId = (): string => directory.split('/').at(-1) ?? '';

describe('a server started with several models', () => {
  it("lists them under their ids: a directory's name and the Hub repo ids", async () => {
    const listed = await rawRequest(`${baseUrl}/v1/models`);
    expect((listed.json.data as { id: string }[]).map((model) => model.id)).toEqual([
      dirId(),
      'tiny/gpt2',
      'tiny/gpt_neo',
    ]);
    expect((await rawRequest(`${baseUrl}/v1/models/tiny%2Fgpt_neo`)).status).toBe(200);
    const health = await rawRequest(`${baseUrl}/health`);
    expect(health.json).toMatchObject({ status: 'ok', models: [dirId(), 'tiny/gpt2', 'tiny/gpt_neo'] });
  });

  it('answers each request with the model it names', async () => {
    for (const model of [dirId(), 'tiny/gpt2', 'tiny/gpt_neo']) {
      const response = await postJson(`${baseUrl}/v1/completions`, {
        model,
        prompt: 'Hello',
        max_tokens: 3,
        temperature: 0,
      });
      expect(response.status).toBe(200);
      expect(response.json.model).toBe(model);
    }
  });

  const neverLoadsTitle =
    'never loads what a request names: another repo or a path ' +
    'is a 404 model_not_found, and the Hub hears nothing of it';
  it(neverLoadsTitle, async () => {
    const before = hub.requests.length;
    for (const model of ['other/repo', directory, '../../etc', TEST_MODEL_ID]) {
      const response = await postJson(`${baseUrl}/v1/completions`, { model, prompt: 'Hello', max_tokens: 3 });
      expect(response.status).toBe(404);
      expect(response.json.error).toMatchObject({ code: 'model_not_found', param: 'model' });
    }
    expect(hub.requests.length).toBe(before);
  });

  const generationConfigTitle =
    "takes sampling defaults from the checkpoint's generation_config.json " +
    "(do_sample false: greedy) under the request's own fields";
  it(generationConfigTitle, async () => {
    const greedy = await postJson(`${baseUrl}/v1/completions`, {
      model: 'tiny/gpt2',
      prompt: 'Hello',
      max_tokens: 8,
      temperature: 0,
    });
    expect(greedy.status).toBe(200);
    const texts = new Set<string>();
    for (const seed of [1, 2, 3, 4]) {
      const defaulted = await postJson(`${baseUrl}/v1/completions`, {
        model: 'tiny/gpt2',
        prompt: 'Hello',
        max_tokens: 8,
        seed,
      });
      expect(defaulted.status).toBe(200);
      texts.add((defaulted.json.choices as { text: string }[])[0]?.text ?? '');
    }
    expect([...texts]).toEqual([(greedy.json.choices as { text: string }[])[0]?.text]);
  });

  const timingsTitle =
    "reports llama.cpp's timings with the backend and thread count, in a response and on a stream's last choice chunk";
  it(timingsTitle, async () => {
    const response = await postJson(`${baseUrl}/v1/completions`, {
      model: 'tiny/gpt_neo',
      prompt: 'Hello there',
      max_tokens: 5,
      temperature: 0,
    });
    const usage = response.json.usage as { prompt_tokens: number; completion_tokens: number };
    const timings = response.json.timings as Record<string, number | string>;
    expect(timings).toMatchObject({
      prompt_n: usage.prompt_tokens,
      predicted_n: usage.completion_tokens,
      backend: 'wasm',
      threads: 1,
    });
    expect(timings.prompt_per_second).toBeCloseTo((usage.prompt_tokens * 1000) / (timings.prompt_ms as number), 6);
    expect(timings.predicted_per_token_ms).toBeCloseTo((timings.predicted_ms as number) / usage.completion_tokens, 6);

    const stream = await rawRequest(`${baseUrl}/v1/completions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        model: 'tiny/gpt_neo',
        prompt: 'Hello there',
        max_tokens: 5,
        temperature: 0,
        stream: true,
      }),
    });
    const chunks = stream.text
      .split('\n\n')
      .filter((line) => line.startsWith('data: {'))
      .map((line) => JSON.parse(line.slice(6)) as Record<string, unknown>);
    const withTimings = chunks.flatMap((chunk, index) => (chunk.timings === undefined ? [] : [index]));
    expect(withTimings).toEqual([chunks.length - 1]);
    expect(chunks.at(-1)).toMatchObject({
      choices: [{ finish_reason: 'length' }],
      timings: { prompt_n: usage.prompt_tokens, predicted_n: 5 },
    });
  });
});
