import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, rawRequest } from './__fixtures__/raw-http.js';
import { socketExchange } from './__fixtures__/raw-socket.js';
import {
  TEST_MODEL_ID,
  type TestServer,
  removeDirectory,
  startTestServer,
  writeTinyCheckpoint,
} from './__fixtures__/test-server.js';
import { ModelHost } from './model-host.js';
import { createPlaygroundServer } from './server.js';

let directory: string;
let server: TestServer;
let port: number;

beforeAll(async () => {
  directory = await writeTinyCheckpoint();
  server = await startTestServer(directory);
  port = Number(new URL(server.baseUrl).port);
});

afterAll(async () => {
  await server.close();
  await removeDirectory(directory);
});

/** A request line and headers (and body) as raw bytes, asking the server to close afterwards. */
const request = (line: string, headers: readonly string[] = [], body = ''): string =>
  `${line}\r\nHost: 127.0.0.1\r\nConnection: close\r\n${headers.map((header) => `${header}\r\n`).join('')}\r\n${body}`;
const post = (body: string | Buffer, contentType = 'application/json'): Buffer =>
  Buffer.concat([
    Buffer.from(
      request('POST /v1/completions HTTP/1.1', [
        `Content-Type: ${contentType}`,
        `Content-Length: ${Buffer.byteLength(body)}`,
      ]),
    ),
    Buffer.from(body),
  ]);
const deeplyNested = `{"model":"${TEST_MODEL_ID}","prompt":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;

describe('hostile requests over raw sockets: each answered 4xx, the server keeps serving', () => {
  const cases: [string, string | Buffer, number][] = [
    ['a request-target of //', request('GET // HTTP/1.1'), 404],
    ['an absolute-form target with port 99999', request('GET http://a:99999/ HTTP/1.1'), 400],
    ['an absolute-form target with a malformed host', request('GET http://%zz/ HTTP/1.1'), 400],
    ['an asterisk-form target', request('OPTIONS * HTTP/1.1'), 400],
    ['a malformed percent-encoding in a route parameter', request('GET /v1/models/%zz HTTP/1.1'), 400],
    ['a malformed percent-encoding in a file path', request('GET /%E0%A4%A HTTP/1.1'), 404],
    ['a traversal through a route parameter', request('GET /v1/models/..%2F..%2Fetc%2Fpasswd HTTP/1.1'), 404],
    ['a request line that is not HTTP', 'HELLO\r\n\r\n', 400],
    ['a header line without a colon', request('GET /health HTTP/1.1', ['Bad header']), 400],
    ['a 100 KB header', request('GET /health HTTP/1.1', [`X-Big: ${'a'.repeat(100_000)}`]), 431],
    ['a non-numeric Content-Length', request('POST /v1/completions HTTP/1.1', ['Content-Length: abc']), 400],
    [
      'both Content-Length and chunked encoding',
      request('POST /v1/completions HTTP/1.1', ['Content-Length: 2', 'Transfer-Encoding: chunked'], '{}'),
      400,
    ],
    [
      'a malformed chunk size',
      request(
        'POST /v1/completions HTTP/1.1',
        ['Content-Type: application/json', 'Transfer-Encoding: chunked'],
        'zz\r\n{}\r\n0\r\n\r\n',
      ),
      400,
    ],
    ['JSON nested 100,000 deep', post(deeplyNested), 400],
    ['NUL bytes for a body', post(Buffer.alloc(64)), 400],
    ['bytes that are not UTF-8', post(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])), 400],
    ['an unknown charset', post('{}', 'application/json; charset=klingon'), 415],
    ['a __proto__ field', post(`{"__proto__":{"polluted":true},"model":"${TEST_MODEL_ID}"}`), 400],
    ['max_tokens of 1e400', post(`{"model":"${TEST_MODEL_ID}","prompt":"a","max_tokens":1e400}`), 400],
    ['a HEAD on the completions route', request('HEAD /v1/completions HTTP/1.1'), 405],
  ];
  it.each(cases)('%s', async (_, bytes, status) => {
    const exchange = await socketExchange(port, [bytes]);
    expect(exchange.status).toBe(status);
    expect(exchange.text).not.toMatch(/at \S+ \(|node:internal|\/work\//);
    expect(await rawRequest(`${server.baseUrl}/health`)).toMatchObject({ status: 200 });
  });

  it('an absolute-form target that parses is served like its path', async () => {
    const exchange = await socketExchange(port, [request(`GET http://127.0.0.1:${port}/health HTTP/1.1`)]);
    expect(exchange.status).toBe(200);
  });

  it('a prompt holding a lone surrogate is encoded and completed', async () => {
    const response = await postJson(`${server.baseUrl}/v1/completions`, {
      model: TEST_MODEL_ID,
      prompt: 'a\ud800b',
      max_tokens: 2,
    });
    expect(response.status).toBe(200);
  });

  it('after all of it, generation still works and nothing was an internal error', async () => {
    const response = await postJson(`${server.baseUrl}/v1/completions`, {
      model: TEST_MODEL_ID,
      prompt: 'Hello',
      max_tokens: 3,
    });
    expect(response.status).toBe(200);
    expect(server.logLines.filter((line) => line.startsWith('internal error'))).toEqual([]);
  });
});

describe('an error the server did not expect', () => {
  it('is a 500 that names no internals, logged with its stack, and the server goes on', async () => {
    const host = new ModelHost();
    // A model whose tokenizer throws: a fault of the server, not of the request.
    const explode = (): never => {
      throw new Error('secret /srv/models/x exploded');
    };
    const tokenizer = new Proxy(server.served.tokenizer, {
      get: (target, key) => (key === 'encode' ? explode : (Reflect.get(target, key) as unknown)),
    });
    await host.load(Promise.resolve({ ...server.served, tokenizer }));
    const lines: string[] = [];
    const broken = createPlaygroundServer({ host, log: (line) => lines.push(line) });
    await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(broken.address() as AddressInfo).port}`;
    try {
      const response = await postJson(`${url}/api/tokenize`, { text: 'hello' });
      expect(response.status).toBe(500);
      expect(response.json.error?.type).toBe('server_error');
      expect(response.text).not.toContain('secret');
      expect(response.text).not.toContain('/srv/');
      expect(lines.some((line) => line.startsWith('internal error: Error: secret /srv/models/x exploded'))).toBe(true);
      expect((await rawRequest(`${url}/v1/models`)).status).toBe(200);
    } finally {
      broken.closeAllConnections();
      await new Promise((resolve) => broken.close(resolve));
    }
  });
});
