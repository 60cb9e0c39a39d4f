import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, rawRequest } from './__fixtures__/raw-http.js';
import {
  TEST_MODEL_ID,
  type TestServer,
  removeDirectory,
  startTestServer,
  writeTinyCheckpoint,
} from './__fixtures__/test-server.js';
import { ModelHost } from './model-host.js';
import type { ServedModel } from './served-model.js';
import { createPlaygroundServer } from './server.js';

const BODY_LIMIT = 4096;
let directory: string;
let server: TestServer;
const completions = (): string => `${server.baseUrl}/v1/completions`;

beforeAll(async () => {
  directory = await writeTinyCheckpoint();
  server = await startTestServer(directory, { limits: { bodyLimitBytes: BODY_LIMIT } });
});

afterAll(async () => {
  await server.close();
  await removeDirectory(directory);
});

const base = { model: TEST_MODEL_ID, prompt: 'Hello' };

describe("POST /v1/completions validation: 400 in OpenAI's error shape naming the parameter", () => {
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    [
      'an unknown field',
      { ...base, temprature: 1 },
      'temprature',
      /Unrecognized request argument supplied: temprature/,
    ],
    ['a missing model', { prompt: 'Hello' }, 'model', /model is required/],
    [
      'temperature above 2',
      { ...base, temperature: 2.5 },
      'temperature',
      /temperature = 2.5 is invalid: expected a number in \[0, 2\]/,
    ],
    ['temperature as a string', { ...base, temperature: 'hot' }, 'temperature', /temperature = "hot" is invalid/],
    ['top_p of 0', { ...base, top_p: 0 }, 'top_p', /top_p = 0 is invalid: expected a number in \(0, 1\]/],
    [
      'max_tokens of 0 without echo',
      { ...base, max_tokens: 0 },
      'max_tokens',
      /max_tokens = 0 is invalid: expected an integer ≥ 1/,
    ],
    ['a fractional max_tokens', { ...base, max_tokens: 1.5 }, 'max_tokens', /expected an integer/],
    ['n of 0', { ...base, n: 0 }, 'n', /n = 0 is invalid/],
    [
      'best_of below n',
      { ...base, n: 3, best_of: 2 },
      'best_of',
      /best_of = 2 is invalid: expected an integer in \[3, 20\]/,
    ],
    ['best_of with stream', { ...base, best_of: 2, stream: true }, 'best_of', /cannot be used with stream/],
    ['five stop strings', { ...base, stop: ['a', 'b', 'c', 'd', 'e'] }, 'stop', /up to 4 strings/],
    [
      'an empty stop string',
      { ...base, stop: ['a', ''] },
      'stop[1]',
      /stop\[1\] = "" is invalid: expected a non-empty string/,
    ],
    [
      'logprobs above 5',
      { ...base, logprobs: 6 },
      'logprobs',
      /logprobs = 6 is invalid: expected an integer in \[0, 5\]/,
    ],
    [
      'presence_penalty above 2',
      { ...base, presence_penalty: 3 },
      'presence_penalty',
      /presence_penalty = 3 is invalid/,
    ],
    [
      'frequency_penalty below -2',
      { ...base, frequency_penalty: -3 },
      'frequency_penalty',
      /frequency_penalty = -3 is invalid/,
    ],
    ['a logit_bias list', { ...base, logit_bias: [1] }, 'logit_bias', /expected an object mapping token ids/],
    [
      'a logit_bias above 100',
      { ...base, logit_bias: { 50: 101 } },
      'logit_bias[50]',
      /logit_bias\[50\] = 101 is invalid: expected a number in \[-100, 100\]/,
    ],
    [
      'a logit_bias token outside the vocabulary',
      { ...base, logit_bias: { 60000: 1 } },
      'logit_bias',
      /logit_bias key = 60000 is invalid/,
    ],
    ['a string seed', { ...base, seed: 'seven' }, 'seed', /seed = "seven" is invalid/],
    ['a non-boolean echo', { ...base, echo: 'yes' }, 'echo', /echo = "yes" is invalid: expected true or false/],
    [
      'stream_options without stream',
      { ...base, stream_options: { include_usage: true } },
      'stream_options',
      /only allowed when stream is true/,
    ],
    ['a suffix', { ...base, suffix: 'end' }, 'suffix', /suffix is not supported/],
    ['a prompt object', { ...base, prompt: { text: 'Hello' } }, 'prompt', /expected a string, a list of strings/],
    ['an empty prompt', { ...base, prompt: '' }, 'prompt', /prompt is empty/],
    [
      'a token id outside the vocabulary',
      { ...base, prompt: [1, 50257] },
      'prompt',
      /token 1 is 50257; expected ids in \[0, 50257\)/,
    ],
  ];
  it.each(cases)('%s', async (_, body, param, message) => {
    const response = await postJson(completions(), body);
    expect(response.status).toBe(400);
    expect(response.json.error?.type).toBe('invalid_request_error');
    expect(response.json.error?.param).toBe(param);
    expect(response.json.error?.message).toMatch(message);
  });

  it('a prompt that leaves no room for max_tokens is context_length_exceeded', async () => {
    const response = await postJson(completions(), {
      ...base,
      prompt: Array.from({ length: 60 }, () => 50),
      max_tokens: 10,
    });
    expect(response.status).toBe(400);
    expect(response.json.error).toEqual({
      message:
        "This model's maximum context length is 64 tokens, however you requested 70 tokens (60 " +
        'in your prompt; 10 for the completion). Please reduce your prompt or completion length.',
      type: 'invalid_request_error',
      param: 'prompt',
      code: 'context_length_exceeded',
    });
  });

  it('an unknown model is 404 model_not_found', async () => {
    const response = await postJson(completions(), { ...base, model: 'gpt-3' });
    expect(response.status).toBe(404);
    expect(response.json.error).toMatchObject({ param: 'model', code: 'model_not_found' });
  });
});

describe('request bodies', () => {
  it('refuses a body over the limit with 413, by Content-Length or while reading a chunked body', async () => {
    const body = JSON.stringify({ ...base, prompt: 'x'.repeat(BODY_LIMIT) });
    for (const chunked of [false, true]) {
      const response = await rawRequest(completions(), {
        method: 'POST',
        body,
        chunked,
        headers: { 'Content-Type': 'application/json' },
      });
      expect(response.status).toBe(413);
      expect(response.json.error).toMatchObject({ type: 'invalid_request_error', code: 'request_too_large' });
      expect(response.json.error?.message).toContain(`the limit is ${BODY_LIMIT} bytes`);
    }
  });

  it('refuses malformed JSON, a JSON array, and a body that is not JSON', async () => {
    const send = (body: string, contentType = 'application/json'): ReturnType<typeof rawRequest> =>
      rawRequest(completions(), { method: 'POST', body, headers: { 'Content-Type': contentType } });
    const malformed = await send('{"model": ');
    expect([malformed.status, malformed.json.error?.message]).toEqual([400, expect.stringContaining('not valid JSON')]);
    const array = await send('[1, 2]');
    expect([array.status, array.json.error?.message]).toEqual([400, 'The request body must be a JSON object']);
    const form = await send('model=x', 'application/x-www-form-urlencoded');
    expect([form.status, form.json.error?.message]).toEqual([
      415,
      expect.stringContaining('send the body as application/json'),
    ]);
  });
});

describe('routes', () => {
  it('an unknown path is 404 and a wrong method 405 with Allow', async () => {
    const missing = await rawRequest(`${server.baseUrl}/v1/chat/completions`, {
      method: 'POST',
      body: '{}',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(missing.status).toBe(404);
    expect(missing.json.error).toMatchObject({ type: 'not_found_error', code: 'unknown_url' });
    const wrongMethod = await rawRequest(completions());
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe('POST');
    const unknownModel = await rawRequest(`${server.baseUrl}/v1/models/gpt-3`);
    expect([unknownModel.status, unknownModel.json.error?.code]).toEqual([404, 'model_not_found']);
  });

  it('serves the page and keeps paths inside the public directory', async () => {
    const page = await rawRequest(`${server.baseUrl}/`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    const head = await rawRequest(`${server.baseUrl}/styles.css`, { method: 'HEAD' });
    expect([head.status, head.headers['content-type'], head.text]).toEqual([200, 'text/css; charset=utf-8', '']);
    expect(Number(head.headers['content-length'])).toBeGreaterThan(1000);
    const escape = await rawRequest(`${server.baseUrl}/..%2f..%2fpackage.json`);
    expect(escape.status).toBe(404);
  });

  it('the few-shot, tokenize and attention endpoints name their bad fields', async () => {
    const fewShot = await postJson(`${server.baseUrl}/api/fewshot`, { query: 'q', examples: [{ input: 'a' }] });
    expect([fewShot.status, fewShot.json.error?.param]).toEqual([400, 'examples[0].output']);
    const shots = await postJson(`${server.baseUrl}/api/fewshot`, {
      query: 'q',
      examples: [{ input: 'a', output: 'b' }],
      shots: 2,
    });
    expect([shots.status, shots.json.error?.param, shots.json.error?.message]).toEqual([
      400,
      'shots',
      expect.stringContaining('shots = 2 is invalid'),
    ]);
    const tokenize = await postJson(`${server.baseUrl}/api/tokenize`, { text: 5 });
    expect([tokenize.status, tokenize.json.error?.param]).toEqual([400, 'text']);
    const attention = await postJson(`${server.baseUrl}/api/attention`, { prompt: 'word '.repeat(70) });
    expect([attention.status, attention.json.error?.param, attention.json.error?.code]).toEqual([
      400,
      'prompt',
      'context_length_exceeded',
    ]);
  });
});

describe('while the model loads', () => {
  it('/health and the API answer 503 with Retry-After, then 200 once loaded', async () => {
    const host = new ModelHost();
    let finish: (served: ServedModel) => void = () => undefined;
    const loaded = host.load(new Promise<ServedModel>((resolve) => (finish = resolve)));
    const loading = createPlaygroundServer({ host });
    await new Promise<void>((resolve) => loading.listen(0, '127.0.0.1', resolve));
    const address = loading.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
    try {
      const health = await rawRequest(`${url}/health`);
      expect([health.status, health.json.status, health.headers['retry-after']]).toEqual([503, 'loading', '2']);
      const completion = await postJson(`${url}/v1/completions`, base);
      expect([completion.status, completion.json.error?.code, completion.headers['retry-after']]).toEqual([
        503,
        'model_loading',
        '2',
      ]);
      finish(server.served);
      await loaded;
      const ready = await rawRequest(`${url}/health`);
      expect([ready.status, ready.json.status]).toEqual([200, 'ok']);
    } finally {
      loading.closeAllConnections();
      await new Promise((resolve) => loading.close(resolve));
    }
  });

  it('a model that failed to load is 503 model_load_failed with the reason', async () => {
    const host = new ModelHost();
    await host.load(Promise.reject(new Error('config.json: unexpected end of JSON input')));
    const failed = createPlaygroundServer({ host });
    await new Promise<void>((resolve) => failed.listen(0, '127.0.0.1', resolve));
    const address = failed.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
    try {
      const health = await rawRequest(`${url}/health`);
      expect([health.status, health.json.status, health.json.error]).toEqual([
        503,
        'failed',
        'config.json: unexpected end of JSON input',
      ]);
      const models = await rawRequest(`${url}/v1/models`);
      expect([models.status, models.json.error?.code]).toEqual([503, 'model_load_failed']);
    } finally {
      await new Promise((resolve) => failed.close(resolve));
    }
  });
});
