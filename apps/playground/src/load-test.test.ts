import { afterAll, beforeAll, expect, it } from 'vitest';
import { type TestServer, removeDirectory, startTestServer, writeTinyCheckpoint } from './__fixtures__/test-server.js';
import { runLoadTest } from './load-test.js';

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

it('serves a thousand mixed requests, abandoned streams included, and holds no more tensors after them', async () => {
  const report = await runLoadTest({ baseUrl: server.baseUrl, requests: 1000, concurrency: 6, timeLimitMs: 90_000 });
  expect(report.failures).toEqual([]);
  expect(report.requests).toBe(1000);
  expect(report.outcomes.rate_limited).toBe(0);
  expect(report.outcomes.abandon).toBe(200);
  expect(report.tensors.after).toBe(report.tensors.before);
  expect(report.tensorBytes.after).toBe(report.tensorBytes.before);
}, 120_000);

it('refuses to target anything but loopback', async () => {
  await expect(
    runLoadTest({ baseUrl: 'http://10.0.0.1:3000', requests: 1, concurrency: 1, timeLimitMs: 1000 }),
  ).rejects.toThrow('not a loopback address');
});
