import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson } from './__fixtures__/raw-http.js';
import {
  TEST_MODEL_ID,
  type TestServer,
  removeDirectory,
  startTestServer,
  writeTinyCheckpoint,
} from './__fixtures__/test-server.js';

let directory: string;
let server: TestServer;

beforeAll(async () => {
  directory = await writeTinyCheckpoint();
  server = await startTestServer(directory, { limits: { maxChoicesPerRequest: 64, maxTokensPerRequest: 2048 } });
});

afterAll(async () => {
  await server.close();
  await removeDirectory(directory);
});

const completions = (): string => `${server.baseUrl}/v1/completions`;

describe('fair scheduling', () => {
  it('a two-token request finishes while a large one runs, instead of waiting behind it', async () => {
    const started = performance.now();
    let largeDone = 0;
    // 2 prompts × 16 choices × 30 tokens: about a thousand forward passes.
    const large = postJson(completions(), {
      model: TEST_MODEL_ID,
      prompt: ['Once upon', 'a time'],
      n: 16,
      max_tokens: 30,
      temperature: 1,
      seed: 3,
    }).then((response) => {
      largeDone = performance.now();
      return response;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const smallStart = performance.now();
    const small = await postJson(completions(), {
      model: TEST_MODEL_ID,
      prompt: 'Hello',
      max_tokens: 2,
      temperature: 0,
    });
    const smallMs = performance.now() - smallStart;
    expect(small.status).toBe(200);
    expect(largeDone).toBe(0);
    const done = await large;
    expect(done.status).toBe(200);
    expect((done.json.choices as unknown[]).length).toBe(32);
    // The small request took a sliver of the large one's time.
    expect(smallMs).toBeLessThan((largeDone - started) / 5);
  });

  it('refuses a request over the per-request caps with a 400 that names the field', async () => {
    const choices = await postJson(completions(), { model: TEST_MODEL_ID, prompt: ['a', 'b', 'c'], n: 32 });
    expect([choices.status, choices.json.error?.param, choices.json.error?.code]).toEqual([
      400,
      'n',
      'request_too_large',
    ]);
    expect(choices.json.error?.message).toBe(
      '3 prompt(s) × n = 32 asks for 96 completions; this server allows at most 64 per request',
    );
    const bestOf = await postJson(completions(), {
      model: TEST_MODEL_ID,
      prompt: ['a', 'b', 'c', 'd'],
      n: 1,
      best_of: 20,
    });
    expect([bestOf.status, bestOf.json.error?.param]).toEqual([400, 'best_of']);
    const tokens = await postJson(completions(), { model: TEST_MODEL_ID, prompt: 'a', n: 64, max_tokens: 63 });
    expect([tokens.status, tokens.json.error?.param]).toEqual([400, 'max_tokens']);
    expect(tokens.json.error?.message).toBe(
      '64 completion(s) × max_tokens = 63 asks for 4032 tokens; this server allows at most 2048 per request',
    );
  });
});
