import { request } from 'node:http';

/** A completion request's answer: its status, text and completion tokens. */
export interface CompletionAnswer {
  readonly status: number;
  readonly text: string;
  readonly tokens: number;
}

/** POSTs one completion request and reads the answer (non-streaming). */
export function complete(baseUrl: string, body: Readonly<Record<string, unknown>>): Promise<CompletionAnswer> {
  const json = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      `${baseUrl}/v1/completions`,
      {
        method: 'POST',
        agent: false,
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(json) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
            choices?: { text: string }[];
            usage?: { completion_tokens: number };
          };
          resolve({
            status: response.statusCode ?? 0,
            text: (parsed.choices ?? []).map((choice) => choice.text).join('\u0000'),
            tokens: parsed.usage?.completion_tokens ?? 0,
          });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(json);
  });
}

export interface LoadResult {
  readonly concurrency: number;
  readonly completions: number;
  readonly tokens: number;
  readonly wallMs: number;
  /** Each request's text by its index, to compare batched and unbatched runs. */
  readonly texts: readonly string[];
  /** Answers other than 200. */
  readonly failures: number;
}

/**
 * `requests` greedy completions of up to `maxTokens` tokens each, sent by
 * `concurrency` clients that each send their next request when the last is answered. Request i
 * has its own prompt, so the run's texts identify the outputs request by request.
 */
export async function runLoad(
  baseUrl: string,
  model: string,
  concurrency: number,
  requests: number,
  maxTokens: number,
): Promise<LoadResult> {
  const texts = new Array<string>(requests).fill('');
  let next = 0;
  let tokens = 0;
  let completions = 0;
  let failures = 0;
  const started = performance.now();
  const client = async (): Promise<void> => {
    while (next < requests) {
      const index = next++;
      const answer = await complete(baseUrl, {
        model,
        prompt: loadPrompt(index),
        max_tokens: maxTokens,
        temperature: 0,
      });
      if (answer.status !== 200) failures++;
      else {
        completions++;
        tokens += answer.tokens;
        texts[index] = answer.text;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  return { concurrency, completions, tokens, wallMs: performance.now() - started, texts, failures };
}

/** The prompt of load request `index`: short texts of different lengths. */
export function loadPrompt(index: number): string {
  const openings = [
    'Once upon a time',
    'The weather today',
    'In the beginning',
    'She opened the door and',
    'A long way from home,',
  ];
  return `${openings[index % openings.length] ?? ''}${' and then'.repeat(index % 3)}`;
}

/**
 * Latencies (ms) of `count` small requests (2 tokens), sent one after another while a large one
 * (`largeChoices` completions of `largeTokens` tokens) runs; also the large one's duration.
 */
export async function smallWhileLarge(
  baseUrl: string,
  model: string,
  count: number,
  largeChoices: number,
  largeTokens: number,
): Promise<{ latencies: number[]; largeMs: number; largeFinishedFirst: boolean }> {
  const largeStart = performance.now();
  let largeMs = Number.NaN;
  const large = complete(baseUrl, {
    model,
    prompt: 'It was the best of times,',
    n: largeChoices,
    max_tokens: largeTokens,
    temperature: 1,
    seed: 1,
  }).then((answer) => {
    largeMs = performance.now() - largeStart;
    return answer;
  });
  // Let the large request reach the model first.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    const sent = performance.now();
    await complete(baseUrl, { model, prompt: 'Hello', max_tokens: 2, temperature: 0 });
    latencies.push(performance.now() - sent);
  }
  const largeFinishedFirst = Number.isFinite(largeMs);
  await large;
  return { latencies, largeMs, largeFinishedFirst };
}

/** The `p`-th percentile (0–100) of `values`, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}
