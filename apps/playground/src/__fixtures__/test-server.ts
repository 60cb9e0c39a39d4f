import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createModelConfig } from '@fewshot/config';
import { installKernels } from '@fewshot/kernels';
import { GptModel } from '@fewshot/model';
import { saveHuggingFaceModel, selectBackend } from '@fewshot/model/node';
import type { GenerationQueueOptions } from '../generation-queue.js';
import { ModelHost } from '../model-host.js';
import type { ServerLimits } from '../routes/route-context.js';
import { type ServedModel, loadServedModel } from '../served-model.js';
import { type PlaygroundServerOptions, createPlaygroundServer } from '../server.js';

/** The id the test server serves its model under. */
export const TEST_MODEL_ID = 'tiny-gpt';

/**
 * A tiny random GPT-2-vocabulary checkpoint (so r50k_base is its tokenizer) with a dense and a
 * local layer, written to a new temporary directory through `saveHuggingFaceModel`.
 */
export async function writeTinyCheckpoint(): Promise<string> {
  installKernels();
  await selectBackend('wasm');
  const config = createModelConfig({
    name: TEST_MODEL_ID,
    vocabSize: 50257,
    contextLength: 64,
    dModel: 16,
    nLayer: 2,
    nHead: 2,
    attention: [{ type: 'dense' }, { type: 'local', window: 8 }],
  });
  const model = GptModel.create(config, { seed: 5 });
  // Larger weights than GPT-2's initialisation, so distributions are peaked enough to test with.
  model.writeWeights(
    new Map(
      [...model.readWeights()].map(([name, tensor]) => [
        name,
        { shape: tensor.shape, data: tensor.data.map((value) => value * 8) },
      ]),
    ),
  );
  const directory = await mkdtemp(join(tmpdir(), 'fewshot-playground-'));
  await saveHuggingFaceModel(model, directory);
  model.dispose();
  return directory;
}

export interface TestServer {
  readonly baseUrl: string;
  readonly host: ModelHost;
  readonly served: ServedModel;
  /** The server's log lines, newest last (kept here rather than printed over the test output). */
  readonly logLines: string[];
  close(): Promise<void>;
}

export interface TestServerOptions {
  /** The model id to serve under; default {@link TEST_MODEL_ID}. */
  readonly id?: string;
  readonly queue?: GenerationQueueOptions;
  readonly limits?: Partial<ServerLimits>;
  readonly timeouts?: PlaygroundServerOptions['timeouts'];
  readonly scheduling?: PlaygroundServerOptions['scheduling'];
  readonly logPrompts?: boolean;
  /** Where `/browser/…` (the in-page bundle) is served from. */
  readonly browserBundleDirectory?: string;
}

/** The playground server on a free loopback port, serving the tiny checkpoint in `directory`. */
export async function startTestServer(directory: string, options: TestServerOptions = {}): Promise<TestServer> {
  const host = new ModelHost();
  const state = await host.load(loadServedModel(directory, { id: options.id ?? TEST_MODEL_ID, backend: 'wasm' }));
  if (state.status !== 'ready')
    throw new Error(`test model failed to load: ${state.status === 'failed' ? state.error.message : state.status}`);
  const logLines: string[] = [];
  const server = createPlaygroundServer({ ...options, host, log: (line) => logLines.push(line) });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    host,
    served: state.served,
    logLines,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
      host.dispose();
    },
  };
}

export async function removeDirectory(directory: string): Promise<void> {
  await rm(directory, { recursive: true, force: true });
}
