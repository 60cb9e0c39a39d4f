#!/usr/bin/env node
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

/** The kinds of request the load test cycles through, in this order. */
const KINDS = ['complete', 'stream', 'abandon', 'echo', 'invalid'] as const;
type Kind = (typeof KINDS)[number];
type Outcome = Kind | 'rate_limited' | 'failed';

export interface LoadTestOptions {
  /** The server's base URL, e.g. `http://127.0.0.1:3000`; loopback only. */
  readonly baseUrl: string;
  readonly requests: number;
  readonly concurrency: number;
  /** Stops sending new requests after this long, whatever `requests` says. */
  readonly timeLimitMs: number;
}

export interface LoadTestReport {
  readonly requests: number;
  readonly outcomes: Readonly<Record<Outcome, number>>;
  /** Failures: unexpected statuses or bodies, with the first few messages. */
  readonly failures: readonly string[];
  readonly durationMs: number;
  readonly requestsPerSecond: number;
  readonly latencyMs: { readonly p50: number; readonly p95: number; readonly max: number };
  /** TF.js tensors and bytes held by the server before (after a warm-up) and after the run. */
  readonly tensors: { readonly before: number; readonly after: number };
  readonly tensorBytes: { readonly before: number; readonly after: number };
}

interface ServerModelInfo {
  readonly id: string;
  readonly memory: { readonly numTensors: number; readonly numBytes: number };
  readonly queue: { readonly running: number; readonly waiting: number };
}

/**
 * Sends `requests` completions over loopback, `concurrency` at a time, cycling through
 * non-streaming, streaming, streams the client abandons after the first chunk, echo with
 * logprobs, and invalid requests; then checks the server holds as many tensors as before.
 * Bounded in count and in time: it always stops by itself.
 */
export async function runLoadTest(options: LoadTestOptions): Promise<LoadTestReport> {
  const url = new URL(options.baseUrl);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname))
    throw new RangeError(
      `baseUrl: ${options.baseUrl} is not a loopback address; the load test only targets this machine`,
    );
  const model = (await modelInfo(options.baseUrl)).id;
  for (let i = 0; i < KINDS.length * 2; i++)
    await sendOne(options.baseUrl, model, KINDS[i % KINDS.length] ?? 'complete');
  const before = await idleModelInfo(options.baseUrl);

  const outcomes: Record<Outcome, number> = {
    complete: 0,
    stream: 0,
    abandon: 0,
    echo: 0,
    invalid: 0,
    rate_limited: 0,
    failed: 0,
  };
  const failures: string[] = [];
  const latencies: number[] = [];
  const started = performance.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < options.requests && performance.now() - started < options.timeLimitMs) {
      const kind = KINDS[next++ % KINDS.length] ?? 'complete';
      const sent = performance.now();
      const outcome = await sendOne(options.baseUrl, model, kind).catch(
        (error: unknown) => `failed: ${(error as Error).message}`,
      );
      latencies.push(performance.now() - sent);
      if (outcome === kind || outcome === 'rate_limited') {
        outcomes[outcome]++;
      } else {
        outcomes.failed++;
        if (failures.length < 5) failures.push(`${kind}: ${outcome}`);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const durationMs = performance.now() - started;
  const after = await idleModelInfo(options.baseUrl);
  latencies.sort((a, b) => a - b);
  const quantile = (q: number): number =>
    round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
  return {
    requests: latencies.length,
    outcomes,
    failures,
    durationMs: round(durationMs),
    requestsPerSecond: round((latencies.length / durationMs) * 1000),
    latencyMs: { p50: quantile(0.5), p95: quantile(0.95), max: round(latencies.at(-1) ?? 0) },
    tensors: { before: before.memory.numTensors, after: after.memory.numTensors },
    tensorBytes: { before: before.memory.numBytes, after: after.memory.numBytes },
  };
}

/** Sends one request of `kind`; resolves to `kind` when the server answered as it should. */
async function sendOne(baseUrl: string, model: string, kind: Kind): Promise<string> {
  const bodies: Record<Kind, Record<string, unknown>> = {
    complete: { model, prompt: 'The load test says', max_tokens: 3 },
    stream: { model, prompt: 'The load test streams', max_tokens: 3, stream: true },
    abandon: { model, prompt: 'The load test abandons', max_tokens: 32, stream: true },
    echo: { model, prompt: 'The load test echoes', max_tokens: 1, echo: true, logprobs: 2 },
    invalid: { model, prompt: 'The load test errs', temperature: 9 },
  };
  const controller = new AbortController();
  const response = await fetch(`${baseUrl}/v1/completions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(bodies[kind]),
    signal: controller.signal,
  });
  if (response.status === 429) {
    await response.body?.cancel();
    return 'rate_limited';
  }
  if (kind === 'invalid') {
    const body = (await response.json()) as { error?: { param?: string } };
    return response.status === 400 && body.error?.param === 'temperature' ? kind : `status ${response.status}`;
  }
  if (response.status !== 200) return `status ${response.status}: ${await response.text()}`;
  if (kind === 'abandon') {
    const reader = response.body?.getReader();
    await reader?.read();
    controller.abort();
    return kind;
  }
  const text = await response.text();
  if (kind === 'stream') return text.endsWith('data: [DONE]\n\n') ? kind : 'a stream without data: [DONE]';
  const body = JSON.parse(text) as { choices?: unknown[] };
  return body.choices?.length === 1 ? kind : `unexpected body ${text.slice(0, 200)}`;
}

async function modelInfo(baseUrl: string): Promise<ServerModelInfo> {
  const response = await fetch(`${baseUrl}/api/model`);
  if (response.status !== 200)
    throw new Error(`${baseUrl}/api/model answered ${response.status}: is the playground serving a model there?`);
  return (await response.json()) as ServerModelInfo;
}

/** The model info once no generation runs or waits (abandoned streams wind down first). */
async function idleModelInfo(baseUrl: string): Promise<ServerModelInfo> {
  const deadline = performance.now() + 10_000;
  for (;;) {
    const info = await modelInfo(baseUrl);
    if ((info.queue.running === 0 && info.queue.waiting === 0) || performance.now() > deadline) return info;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

async function main(args: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      url: { type: 'string', default: 'http://127.0.0.1:3000' },
      requests: { type: 'string', default: '2000' },
      concurrency: { type: 'string', default: '8' },
      'time-limit': { type: 'string', default: '300' },
    },
  });
  const positive = (flag: string, text: string): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`--${flag} ${text}: expected a positive integer`);
    return value;
  };
  const report = await runLoadTest({
    baseUrl: values.url,
    requests: positive('requests', values.requests),
    concurrency: positive('concurrency', values.concurrency),
    timeLimitMs: positive('time-limit', values['time-limit']) * 1000,
  });
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  const leaked = report.tensors.after !== report.tensors.before;
  if (leaked)
    process.stderr.write(
      `load test: the server holds ${report.tensors.after - report.tensors.before} more tensors than before\n`,
    );
  return report.outcomes.failed > 0 || leaked ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`load test: ${(error as Error).message}\n`);
    return 1;
  });
}
