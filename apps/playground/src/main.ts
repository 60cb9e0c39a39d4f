#!/usr/bin/env node
import { createProgressMeter, describeModelSource } from '@fewshot/hub';
import { type PlaygroundCliOptions, PLAYGROUND_USAGE, parsePlaygroundArgs } from './cli-options.js';
import { ModelHost } from './model-host.js';
import { loadServedModel } from './served-model.js';
import { createPlaygroundServer } from './server.js';

/**
 * `fewshot-playground [--model DIR|ORG/NAME[@REV]]... [--port N] [--host ADDRESS]`: serves the
 * page and the API on the models it is started with (a checkpoint directory or a Hugging Face Hub
 * repo each, fetched into the Hugging Face cache), or on the bundled fewshot-mini.
 */
async function main(args: readonly string[]): Promise<number> {
  let options: PlaygroundCliOptions;
  try {
    options = parsePlaygroundArgs(args, process.env);
  } catch (error) {
    process.stderr.write(`fewshot-playground: ${(error as Error).message}\nusage: ${PLAYGROUND_USAGE}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`usage: ${PLAYGROUND_USAGE}\n`);
    return 0;
  }
  const host = new ModelHost();
  const server = createPlaygroundServer({ host, logPrompts: options.logPrompts });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const shownHost = options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host;
  const stop = (): void => {
    server.close();
    host.dispose();
    server.closeAllConnections();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  const names = options.models.length === 0 ? [undefined] : options.models;
  for (const name of names) {
    process.stdout.write(`fewshot playground: loading ${name ?? 'the bundled fewshot-mini'}\n`);
    const meter = createProgressMeter();
    const state = await host.load(
      loadServedModel(name, {
        ...(options.backend === undefined ? {} : { backend: options.backend }),
        ...(options.weights === undefined ? {} : { weights: options.weights }),
        ...(options.revision === undefined ? {} : { revision: options.revision }),
        onProgress: (progress) => {
          const reading = meter(progress);
          process.stderr.write(`\r  ${progress.repoId}: ${reading.text}${reading.done ? '\n' : ''}`);
        },
      }),
    );
    if (state.status === 'failed') {
      process.stderr.write(`fewshot-playground: ${state.error.message}\n`);
      stop();
      return 1;
    }
    if (state.status === 'ready') {
      const { served } = state;
      process.stdout.write(
        `fewshot playground: serving ${served.id} from ${describeModelSource(served.source)} ` +
          `(${served.model.config.nLayer} layers, context ` +
          `${served.model.contextLength}, backend ${served.backend.name})\n`,
      );
    }
  }
  process.stdout.write(
    `  page:  http://${shownHost}:${port}/\n` +
      `  API:   http://${shownHost}:${port}/v1 (OpenAI completions)\n` +
      '  stop:  Ctrl+C\n',
  );
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
