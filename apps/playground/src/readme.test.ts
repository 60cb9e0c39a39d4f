import { runReadmeExampleAsync } from '@fewshot/vitest-config/readme';
import OpenAI, { type ClientOptions } from 'openai';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { postJson } from './__fixtures__/raw-http.js';
import { type TestServer, removeDirectory, startTestServer, writeTinyCheckpoint } from './__fixtures__/test-server.js';

const README = new URL('../README.md', import.meta.url);
let directory: string;
let server: TestServer;

beforeAll(async () => {
  directory = await writeTinyCheckpoint();
  // Served under the README's model name; only the address differs from the example.
  server = await startTestServer(directory, { id: 'fewshot-mini' });
});

afterAll(async () => {
  await server.close();
  await removeDirectory(directory);
});

it("the README's openai client example runs as written against the server", async () => {
  const baseURL = `${server.baseUrl}/v1`;
  class LocalOpenAI extends OpenAI {
    constructor(options: ClientOptions) {
      super({ ...options, baseURL });
    }
  }
  let streamed = '';
  const printed = await runReadmeExampleAsync(README, {
    OpenAI: LocalOpenAI,
    process: { stdout: { write: (text: string) => (streamed += text) } },
  });
  const expected = await postJson(`${server.baseUrl}/v1/completions`, {
    model: 'fewshot-mini',
    prompt: 'Q: What is the capital of France?\nA:',
    max_tokens: 8,
    temperature: 0,
    stop: ['\n'],
    logprobs: 3,
  });
  const [choice] = expected.json.choices as { text: string; logprobs: { top_logprobs: Record<string, number>[] } }[];
  expect(printed).toEqual([`${choice?.text ?? ''} ${JSON.stringify(choice?.logprobs.top_logprobs[0])}`]);
  expect(streamed.length).toBeGreaterThan(0);
});
