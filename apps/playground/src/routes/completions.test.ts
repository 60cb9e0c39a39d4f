import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceGreedy, referenceLogprobs } from '../__fixtures__/reference-decoding.js';
import {
  TEST_MODEL_ID,
  type TestServer,
  removeDirectory,
  startTestServer,
  writeTinyCheckpoint,
} from '../__fixtures__/test-server.js';

let directory: string;
let server: TestServer;
let client: OpenAI;
const PROMPT = 'The capital of France is';

beforeAll(async () => {
  directory = await writeTinyCheckpoint();
  server = await startTestServer(directory);
  client = new OpenAI({ baseURL: `${server.baseUrl}/v1`, apiKey: 'unused', maxRetries: 0 });
});

afterAll(async () => {
  await server.close();
  await removeDirectory(directory);
});

const encode = (text: string): number[] => server.served.tokenizer.encode(text, 'all');
const decode = (ids: readonly number[]): string => server.served.tokenizer.decode(ids);

describe('the official openai client', () => {
  it('lists and retrieves the served model', async () => {
    const models = await client.models.list();
    expect(models.data.map((model) => model.id)).toEqual([TEST_MODEL_ID]);
    expect((await client.models.retrieve(TEST_MODEL_ID)).object).toBe('model');
  });

  it('completes greedily with the reference tokens, logprobs, offsets and usage', async () => {
    const completion = await client.completions.create({
      model: TEST_MODEL_ID,
      prompt: PROMPT,
      max_tokens: 6,
      temperature: 0,
      logprobs: 3,
    });
    const promptIds = encode(PROMPT);
    const expectedIds = referenceGreedy(server.served.model, promptIds, 6);
    const [choice] = completion.choices;
    expect(choice?.text).toBe(decode(expectedIds));
    expect(choice?.finish_reason).toBe('length');
    expect(completion.usage).toEqual({
      prompt_tokens: promptIds.length,
      completion_tokens: 6,
      total_tokens: promptIds.length + 6,
    });
    const logprobs = choice?.logprobs;
    expect(logprobs?.tokens).toEqual(expectedIds.map((id) => decode([id])));
    // float32 through a KV cache against one full pass: equal to ~1e-4.
    const reference = referenceLogprobs(server.served.model, [...promptIds, ...expectedIds]).slice(
      promptIds.length - 1,
    );
    logprobs?.token_logprobs?.forEach((value, i) => {
      expect(value).toBeCloseTo(reference[i] ?? Number.NaN, 3);
    });
    // Greedy: each chosen token is the most likely alternative.
    logprobs?.top_logprobs?.forEach((top, i) => {
      expect(Object.keys(top)).toHaveLength(3);
      expect(Math.max(...Object.values(top))).toBeCloseTo(logprobs.token_logprobs?.[i] ?? Number.NaN, 6);
    });
    const tokens = logprobs?.tokens ?? [];
    expect(logprobs?.text_offset).toEqual(tokens.map((_, i) => tokens.slice(0, i).join('').length));
  });

  it('streams the same text as the non-streaming response, then usage, then [DONE]', async () => {
    const request = {
      model: TEST_MODEL_ID,
      prompt: PROMPT,
      max_tokens: 8,
      temperature: 0.8,
      seed: 42,
      logprobs: 1,
    } as const;
    const whole = await client.completions.create(request);
    const stream = await client.completions.create({
      ...request,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    const tokens: string[] = [];
    let finishReason: string | null = null;
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      for (const choice of chunk.choices) {
        text += choice.text;
        tokens.push(...(choice.logprobs?.tokens ?? []));
        // The client's types say non-null, but every chunk before the last carries null, as OpenAI's do.
        const reason = choice.finish_reason as string | null;
        if (reason !== null) finishReason = reason;
      }
      usage = chunk.usage ?? usage;
    }
    expect(text).toBe(whole.choices[0]?.text);
    expect(tokens).toEqual(whole.choices[0]?.logprobs?.tokens);
    expect(finishReason).toBe('length');
    expect(usage).toEqual(whole.usage);
  });

  it('returns n seeded choices per prompt, reproducibly, with best_of candidates counted in usage', async () => {
    const request = {
      model: TEST_MODEL_ID,
      prompt: [PROMPT, 'Once upon a time'],
      max_tokens: 4,
      n: 2,
      best_of: 3,
      seed: 7,
    };
    const first = await client.completions.create(request);
    const second = await client.completions.create(request);
    expect(first.choices.map((choice) => choice.index)).toEqual([0, 1, 2, 3]);
    expect(first.choices.map((choice) => choice.text)).toEqual(second.choices.map((choice) => choice.text));
    expect(first.usage?.completion_tokens).toBe(2 * 3 * 4);
  });

  it('ends at a stop string, which is left out of the text', async () => {
    const promptIds = encode(PROMPT);
    const greedyText = decode(referenceGreedy(server.served.model, promptIds, 8));
    const stop = greedyText.slice(greedyText.length / 2, greedyText.length / 2 + 3);
    const completion = await client.completions.create({
      model: TEST_MODEL_ID,
      prompt: PROMPT,
      max_tokens: 8,
      temperature: 0,
      stop: [stop],
    });
    expect(completion.choices[0]?.text).toBe(greedyText.slice(0, greedyText.indexOf(stop)));
    expect(completion.choices[0]?.finish_reason).toBe('stop');
  });

  const echoTitle =
    'echoes the prompt with its logprobs (the first one null) and scores it without generating at max_tokens 0';
  it(echoTitle, async () => {
    const completion = await client.completions.create({
      model: TEST_MODEL_ID,
      prompt: PROMPT,
      max_tokens: 0,
      echo: true,
      logprobs: 0,
    });
    const promptIds = encode(PROMPT);
    const [choice] = completion.choices;
    expect(choice?.text).toBe(PROMPT);
    expect(choice?.logprobs?.tokens).toEqual(promptIds.map((id) => decode([id])));
    const reference = referenceLogprobs(server.served.model, promptIds);
    expect(choice?.logprobs?.token_logprobs?.[0]).toBeNull();
    choice?.logprobs?.token_logprobs?.slice(1).forEach((value, i) => {
      expect(value).toBeCloseTo(reference[i] ?? Number.NaN, 3);
    });
    expect(completion.usage?.completion_tokens).toBe(0);
  });

  it('applies logit_bias, presence and frequency penalties through the sampler', async () => {
    const [favourite = 0] = encode(' Paris');
    const completion = await client.completions.create({
      model: TEST_MODEL_ID,
      prompt: PROMPT,
      max_tokens: 5,
      temperature: 1,
      seed: 3,
      logit_bias: { [favourite]: 100 },
      logprobs: 0,
    });
    expect(completion.choices[0]?.text).toBe(' Paris'.repeat(5));
    // A frequency penalty of 2 per use cannot outweigh a +100 bias, but a −100 bias bans the token.
    const banned = await client.completions.create({
      model: TEST_MODEL_ID,
      prompt: PROMPT,
      max_tokens: 5,
      temperature: 0,
      frequency_penalty: 2,
      presence_penalty: 2,
      logit_bias: { [favourite]: -100 },
    });
    expect(banned.choices[0]?.text).not.toContain(' Paris');
  });

  it('accepts prompts given as token ids', async () => {
    const ids = encode(PROMPT);
    const fromIds = await client.completions.create({
      model: TEST_MODEL_ID,
      prompt: ids,
      max_tokens: 3,
      temperature: 0,
    });
    const fromText = await client.completions.create({
      model: TEST_MODEL_ID,
      prompt: PROMPT,
      max_tokens: 3,
      temperature: 0,
    });
    expect(fromIds.choices[0]?.text).toBe(fromText.choices[0]?.text);
  });

  it('raises BadRequestError naming the parameter', async () => {
    const error: unknown = await client.completions
      .create({ model: TEST_MODEL_ID, prompt: PROMPT, temperature: 5 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('temperature');
    expect((error as Error).message).toContain('temperature = 5 is invalid: expected a number in [0, 2]');
  });
});
