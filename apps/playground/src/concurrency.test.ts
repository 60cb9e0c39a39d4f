import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, rawRequest } from './__fixtures__/raw-http.js';
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
  server = await startTestServer(directory, { queue: { concurrency: 1, capacity: 0 } });
});

afterAll(async () => {
  await server.close();
  await removeDirectory(directory);
});

/** A long streaming completion (16 × 48 tokens, seconds of work); resolves once it runs (its headers arrived). */
function startLongStream(): Promise<{ destroy: () => void }> {
  const body = JSON.stringify({
    model: TEST_MODEL_ID,
    prompt: 'Once upon a time',
    max_tokens: 48,
    n: 16,
    stream: true,
  });
  return new Promise((resolve, reject) => {
    const outgoing = request(
      `${server.baseUrl}/v1/completions`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) },
      },
      (response) => {
        expect(response.statusCode).toBe(200);
        resolve({ destroy: () => outgoing.destroy() });
      },
    );
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ECONNRESET') reject(error);
    });
    outgoing.end(body);
  });
}

interface ModelInfo {
  memory: { numTensors: number };
  queue: { running: number; waiting: number };
}
const modelInfo = async (): Promise<ModelInfo> =>
  (await rawRequest(`${server.baseUrl}/api/model`)).json as unknown as ModelInfo;

describe('concurrency', () => {
  const queueFullTitle =
    'answers 429 with Retry-After while the queue is full, and a client that disconnects frees the model at once';
  it(queueFullTitle, async () => {
    // A first generation creates the model's lazily built inference tensors (the transposed LM head).
    expect(
      (await postJson(`${server.baseUrl}/v1/completions`, { model: TEST_MODEL_ID, prompt: 'Hello', max_tokens: 2 }))
        .status,
    ).toBe(200);
    const tensorsBefore = (await modelInfo()).memory.numTensors;
    const stream = await startLongStream();
    const refused = await postJson(`${server.baseUrl}/v1/completions`, {
      model: TEST_MODEL_ID,
      prompt: 'Hello',
      max_tokens: 1,
    });
    expect(refused.status).toBe(429);
    expect(refused.json.error).toMatchObject({ type: 'rate_limit_error', code: 'queue_full' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);

    const disconnected = performance.now();
    stream.destroy();
    let info = await modelInfo();
    while (info.queue.running > 0) {
      expect(performance.now() - disconnected).toBeLessThan(2000);
      await new Promise((resolve) => setTimeout(resolve, 5));
      info = await modelInfo();
    }
    // The generation's KV caches were released with it.
    expect(info.memory.numTensors).toBe(tensorsBefore);
    const served = await postJson(`${server.baseUrl}/v1/completions`, {
      model: TEST_MODEL_ID,
      prompt: 'Hello',
      max_tokens: 1,
    });
    expect(served.status).toBe(200);
  });
});
