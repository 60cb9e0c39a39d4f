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
import { loadServedModel } from './served-model.js';
import { createPlaygroundServer } from './server.js';

let directory: string;
let server: TestServer;

beforeAll(async () => {
  directory = await writeTinyCheckpoint();
  server = await startTestServer(directory);
});

afterAll(async () => {
  await server.close();
  await removeDirectory(directory);
});

/** Serves `host` on a free loopback port for the duration of `run`. */
async function withServer(host: ModelHost, run: (url: string) => Promise<void>): Promise<void> {
  const other = createPlaygroundServer({ host, log: () => undefined });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  const address = other.address();
  try {
    await run(`http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`);
  } finally {
    other.closeAllConnections();
    await new Promise((resolve) => other.close(resolve));
  }
}

describe('/health reflects whether the model can generate', () => {
  it('a model whose weights are NaN fails its self-check: /health is 503 failed and says why', async () => {
    const served = await loadServedModel(directory, { id: TEST_MODEL_ID, backend: 'wasm' });
    served.model.writeWeights(
      new Map(
        [...served.model.readWeights()].map(([name, weight]) => [
          name,
          { shape: weight.shape, data: weight.data.map(() => Number.NaN) },
        ]),
      ),
    );
    const host = new ModelHost();
    const state = await host.load(Promise.resolve(served));
    expect(state.status).toBe('failed');
    await withServer(host, async (url) => {
      const health = await rawRequest(`${url}/health`);
      expect([health.status, health.json.status]).toEqual([503, 'failed']);
      expect(health.json.error).toMatch(/self-check failed: one forward pass gave logit NaN/);
      const completion = await postJson(`${url}/v1/completions`, { model: TEST_MODEL_ID, prompt: 'a' });
      expect([completion.status, completion.json.error?.code]).toEqual([503, 'model_load_failed']);
    });
  });
});

describe('no file-system paths in API responses', () => {
  it('/api/model, /health and /v1/models do not name the model directory', async () => {
    for (const path of ['/api/model', '/health', '/v1/models']) {
      const response = await rawRequest(`${server.baseUrl}${path}`);
      expect(response.status).toBe(200);
      expect(response.text).not.toContain(directory);
    }
  });

  it('a load failure that names a path reports only its last component', async () => {
    const host = new ModelHost();
    await host.load(Promise.reject(new Error(`${directory}/config.json: unexpected end of JSON input`)));
    await withServer(host, async (url) => {
      const health = await rawRequest(`${url}/health`);
      expect(health.json.error).toBe('…/config.json: unexpected end of JSON input');
      const models = await rawRequest(`${url}/v1/models`);
      expect(models.text).not.toContain(directory);
    });
  });
});

describe('JSON bodies in their declared charset', () => {
  const tokenize = (bytes: Buffer, charset: string): ReturnType<typeof rawRequest> =>
    rawRequest(`${server.baseUrl}/api/tokenize`, {
      method: 'POST',
      body: bytes,
      headers: { 'Content-Type': `application/json; charset=${charset}` },
    });
  const text = JSON.stringify({ text: 'café ünïcode' });

  it('UTF-16LE and ISO-8859-1 bodies tokenize exactly as the same text in UTF-8', async () => {
    const utf8 = await tokenize(Buffer.from(text, 'utf8'), 'utf-8');
    expect(utf8.status).toBe(200);
    expect(utf8.json.count).toBe(server.served.tokenizer.encode('café ünïcode', 'all').length);
    const utf16 = await tokenize(Buffer.from(text, 'utf16le'), 'UTF-16LE');
    const latin1 = await tokenize(Buffer.from(text, 'latin1'), '"iso-8859-1"');
    expect([utf16.status, utf16.json.tokens]).toEqual([200, utf8.json.tokens]);
    expect([latin1.status, latin1.json.tokens]).toEqual([200, utf8.json.tokens]);
  });

  it('an unknown charset is 415 naming it, and bytes invalid in the declared charset are 400', async () => {
    const unknown = await tokenize(Buffer.from(text), 'ebcdic-klingon');
    expect([unknown.status, unknown.json.error?.message]).toEqual([
      415,
      expect.stringContaining('charset "ebcdic-klingon" is not supported'),
    ]);
    const invalid = await tokenize(Buffer.from([0x7b, 0xc3, 0x28, 0x7d]), 'utf-8');
    expect([invalid.status, invalid.json.error?.message]).toEqual([400, 'The request body is not valid utf-8']);
  });
});

describe('the request log', () => {
  it('one line per request with method, path, status, duration and tokens, and no prompt text', async () => {
    const before = server.logLines.length;
    const response = await postJson(`${server.baseUrl}/v1/completions`, {
      model: TEST_MODEL_ID,
      prompt: 'secret prompt',
      max_tokens: 3,
    });
    await rawRequest(`${server.baseUrl}/v1/nothing?key=secret`);
    const completionTokens = (response.json.usage as { completion_tokens: number }).completion_tokens;
    const lines = server.logLines.slice(before);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z POST /v1/completions 200 [\\d.]+ms tokens=${completionTokens}$`),
    );
    expect(lines[1]).toMatch(/ GET \/v1\/nothing 404 [\d.]+ms tokens=0$/);
    expect(lines.join('\n')).not.toContain('secret');
  });

  it('with logPrompts the prompt is in the line', async () => {
    const logging = await startTestServer(directory, { logPrompts: true });
    try {
      await postJson(`${logging.baseUrl}/v1/completions`, {
        model: TEST_MODEL_ID,
        prompt: 'shown prompt',
        max_tokens: 1,
      });
      expect(logging.logLines.at(-1)).toMatch(/ POST \/v1\/completions 200 .* prompt="shown prompt"$/);
    } finally {
      await logging.close();
    }
  });
});
