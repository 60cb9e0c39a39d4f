#!/usr/bin/env node
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { ModelHost } from './model-host.js';
import { loadServedModel } from './served-model.js';
import { createPlaygroundServer } from './server.js';

/** The id the benchmark's requests name as `model`. */
export const BENCH_MODEL_ID = 'bench';

const USAGE = 'bench-server --model DIR --batching on|off';

/**
 * `node dist/bench-server.js --model DIR --batching on|off`: the playground's server on a free
 * loopback port, without its request log, for apps/benchmark's server suite (which runs one with
 * batching and one without, side by side, in processes of their own so the load generator does
 * not share their event loop). Prints `listening PORT` once the model passed its self-check.
 */
async function main(args: readonly string[]): Promise<number> {
  let model: string;
  let batching: boolean;
  try {
    const { values } = parseArgs({
      args: [...args],
      options: { model: { type: 'string' }, batching: { type: 'string', default: 'on' } },
      strict: true,
    });
    if (values.model === undefined) throw new Error('--model is required: a Hugging Face style model directory');
    if (values.batching !== 'on' && values.batching !== 'off')
      throw new Error(`--batching = ${JSON.stringify(values.batching)} is invalid: expected on or off`);
    model = values.model;
    batching = values.batching === 'on';
  } catch (error) {
    process.stderr.write(`bench-server: ${(error as Error).message}\nusage: ${USAGE}\n`);
    return 2;
  }
  const host = new ModelHost();
  const state = await host.load(loadServedModel(model, { id: BENCH_MODEL_ID, backend: 'wasm' }));
  if (state.status !== 'ready') {
    process.stderr.write(`bench-server: ${state.status === 'failed' ? state.error.message : state.status}\n`);
    return 1;
  }
  // Room for the suite's 32 concurrent requests plus its latency probe, none refused.
  const server = createPlaygroundServer({
    host,
    scheduling: { batching },
    queue: { concurrency: 64, capacity: 64 },
    log: () => undefined,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
  const stop = (): void => {
    server.closeAllConnections();
    server.close();
    host.dispose();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
