#!/usr/bin/env node
import { MINI_MODEL_DIRECTORY } from '@fewshot/mini';
import { type PlaygroundCliOptions, PLAYGROUND_USAGE, describeLoadFailure, modelIdFor, parsePlaygroundArgs } from './cli-options.js';
import { ModelHost } from './model-host.js';
import { loadServedModel } from './served-model.js';
import { createPlaygroundServer } from './server.js';

/**
 * `fewshot-playground [--model DIR] [--port N] [--host ADDRESS]`: serves the page and the API,
 * on the bundled fewshot-mini model unless a model directory is given.
 */
async function main(args: readonly string[]): Promise<number> {
  let options: PlaygroundCliOptions;
  try {
    options = parsePlaygroundArgs(args);
  } catch (error) {
    process.stderr.write(`fewshot-playground: ${(error as Error).message}\nusage: ${PLAYGROUND_USAGE}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`usage: ${PLAYGROUND_USAGE}\n`);
    return 0;
  }
  const directory = options.model ?? MINI_MODEL_DIRECTORY;
  const host = new ModelHost();
  const server = createPlaygroundServer({ host });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const shownHost = options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host;
  process.stdout.write(`fewshot playground: loading ${directory}\n`);
  const state = await host.load(loadServedModel(directory, { id: modelIdFor(options.model), ...(options.backend === undefined ? {} : { backend: options.backend }) }));
  if (state.status === 'failed') {
    process.stderr.write(`fewshot-playground: ${describeLoadFailure(state.error, options.model === undefined)}\n`);
    server.close();
    return 1;
  }
  if (state.status === 'ready') {
    const { served } = state;
    process.stdout.write(
      `fewshot playground: serving ${served.id} (${served.model.config.nLayer} layers, context ${served.model.contextLength}, backend ${served.backend.name})\n` +
        `  page:  http://${shownHost}:${port}/\n  API:   http://${shownHost}:${port}/v1 (OpenAI completions)\n  stop:  Ctrl+C\n`,
    );
  }
  const stop = (): void => {
    server.close();
    host.dispose();
    server.closeAllConnections();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
