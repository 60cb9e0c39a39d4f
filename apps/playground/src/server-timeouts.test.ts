import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from './__fixtures__/raw-http.js';
import { socketExchange } from './__fixtures__/raw-socket.js';
import {
  TEST_MODEL_ID,
  type TestServer,
  removeDirectory,
  startTestServer,
  writeTinyCheckpoint,
} from './__fixtures__/test-server.js';

let directory: string;
let server: TestServer;
let port: number;

const HEADERS_MS = 1500;
const KEEP_ALIVE_MS = 300;
const WRITE_MS = 300;
const JSON_HEADERS = 'Content-Type: application/json\r\n';

beforeAll(async () => {
  directory = await writeTinyCheckpoint();
  server = await startTestServer(directory, {
    timeouts: { headersMs: HEADERS_MS, requestMs: 5000, keepAliveMs: KEEP_ALIVE_MS },
    limits: {
      bodyGraceMs: 300,
      bodyMinBytesPerSecond: 100,
      streamWriteTimeoutMs: WRITE_MS,
      maxChoicesPerRequest: 1024,
      maxTokensPerRequest: 1024,
    },
    queue: { concurrency: 1, capacity: 4 },
  });
  port = Number(new URL(server.baseUrl).port);
});

afterAll(async () => {
  await server.close();
  await removeDirectory(directory);
});

describe('timeouts', () => {
  it('headers that trickle in are cut off with 408 after the headers timeout', async () => {
    const trickle = ['GET /health HTTP/1.1\r\n', ...Array.from({ length: 60 }, () => 'X')];
    const exchange = await socketExchange(port, trickle, { gapMs: 100, waitMs: 6000 });
    expect(exchange.status).toBe(408);
    expect(exchange.closed).toBe(true);
    // Node checks the deadline every headersMs / 4.
    expect(exchange.elapsedMs).toBeLessThan(HEADERS_MS * 2 + 200);
  });

  it('a body below the minimum rate is refused with 408 and the connection closed', async () => {
    const head = `POST /v1/completions HTTP/1.1\r\nHost: x\r\n${JSON_HEADERS}Content-Length: 200\r\n\r\n`;
    const exchange = await socketExchange(port, [head, ...Array.from({ length: 30 }, () => ' ')], {
      gapMs: 100,
      waitMs: 4000,
    });
    expect(exchange.status).toBe(408);
    expect(exchange.text).toContain('the minimum is 100 bytes/s');
    expect(exchange.closed).toBe(true);
    expect(exchange.elapsedMs).toBeLessThan(1500);
  });

  it('an idle keep-alive connection is closed after the keep-alive timeout', async () => {
    const exchange = await socketExchange(port, ['GET /health HTTP/1.1\r\nHost: x\r\n\r\n'], { waitMs: 3000 });
    expect(exchange.status).toBe(200);
    expect(exchange.closed).toBe(true);
    expect(exchange.elapsedMs).toBeGreaterThanOrEqual(KEEP_ALIVE_MS - 50);
    // Node 20 gives an idle socket one more second than keepAliveTimeout before it closes it.
    expect(exchange.elapsedMs).toBeLessThan(KEEP_ALIVE_MS + 2000);
  });

  it('a stream whose client stops reading is cancelled after the write timeout and frees the slot', async () => {
    // Enough output to fill the socket buffers at once: 16 prompts × 64 choices, each echoing its
    // 50-token prompt with top-5 logprobs (about 8 MB).
    const prompt = Array.from({ length: 16 }, (_, i) => `word${i} `.repeat(25));
    const body = JSON.stringify({
      model: TEST_MODEL_ID,
      prompt,
      echo: true,
      logprobs: 5,
      max_tokens: 1,
      n: 64,
      stream: true,
    });
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    socket.write(
      `POST /v1/completions HTTP/1.1\r\nHost: x\r\n${JSON_HEADERS}` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    // Reads the first bytes (the stream started), then reads nothing more.
    await new Promise<void>((resolve) =>
      socket.once('data', () => {
        socket.pause();
        resolve();
      }),
    );
    const started = performance.now();
    const first = await rawRequest(`${server.baseUrl}/api/model`);
    expect(first.status).toBe(200);
    let info = first.json as unknown as { queue: { running: number } };
    while (info.queue.running > 0) {
      expect(performance.now() - started).toBeLessThan(20_000);
      await new Promise((resolve) => setTimeout(resolve, 50));
      info = (await rawRequest(`${server.baseUrl}/api/model`)).json as unknown as { queue: { running: number } };
    }
    socket.destroy();
    expect(server.logLines.some((line) => line.includes(' POST /v1/completions aborted '))).toBe(true);
    // The slot is free: the next request is served at once.
    const next = await rawRequest(`${server.baseUrl}/v1/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: TEST_MODEL_ID, prompt: 'Hi', max_tokens: 1 }),
      headers: { 'Content-Type': 'application/json' },
    });
    expect(next.status).toBe(200);
  });
});
