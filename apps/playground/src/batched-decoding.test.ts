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
let batched: TestServer;
let unbatched: TestServer;

beforeAll(async () => {
  directory = await writeTinyCheckpoint();
  batched = await startTestServer(directory, { scheduling: { batching: true } });
  unbatched = await startTestServer(directory, { scheduling: { batching: false } });
});

afterAll(async () => {
  await batched.close();
  await unbatched.close();
  await removeDirectory(directory);
});

/** Eight greedy requests of different prompt lengths and lengths to generate (so sequences join and leave batches). */
const requests = Array.from({ length: 8 }, (_, i) => ({
  model: TEST_MODEL_ID,
  prompt: `${'Once upon a time '.repeat(i + 1)}there`,
  max_tokens: 4 + 3 * i,
  temperature: 0,
  logprobs: 1,
}));

interface Choice {
  text: string;
  logprobs: { tokens: string[]; token_logprobs: number[] };
}
const choiceOf = (json: Record<string, unknown>): Choice => (json.choices as Choice[])[0]!;

describe('batched decoding', () => {
  it('gives the same greedy completions batched as one at a time, and batches concurrent requests', async () => {
    const alone: Choice[] = [];
    for (const body of requests)
      alone.push(choiceOf((await postJson(`${unbatched.baseUrl}/v1/completions`, body)).json));
    const together = await Promise.all(requests.map((body) => postJson(`${batched.baseUrl}/v1/completions`, body)));
    together.forEach((response, i) => {
      expect(response.status).toBe(200);
      const choice = choiceOf(response.json);
      expect(choice.text).toBe(alone[i]?.text);
      expect(choice.logprobs.tokens).toEqual(alone[i]?.logprobs.tokens);
      choice.logprobs.token_logprobs.forEach((logprob, t) => {
        expect(logprob).toBeCloseTo(alone[i]?.logprobs.token_logprobs[t] ?? Number.NaN, 4);
      });
    });
    const info = (await rawRequest(`${batched.baseUrl}/api/model`)).json as {
      scheduler: { batches: number; batchedSequences: number; batchedPrefills: number };
    };
    // Eight requests decoding at once: most of their steps ran several sequences per pass, and
    // prompts arriving together were fed in shared passes too.
    expect(info.scheduler.batches).toBeGreaterThan(0);
    expect(info.scheduler.batchedSequences / info.scheduler.batches).toBeGreaterThan(2);
    expect(info.scheduler.batchedPrefills).toBeGreaterThan(1);
    const unbatchedInfo = (await rawRequest(`${unbatched.baseUrl}/api/model`)).json as {
      scheduler: { batches: number };
    };
    expect(unbatchedInfo.scheduler.batches).toBe(0);
  });
});
