import { createRequire } from 'node:module';
import type { ModelConfig } from '@fewshot/config';
import { installKernels } from '@fewshot/kernels';
import { GptModel } from '@fewshot/model';
import { WASM_THREADS_ENV_VAR, selectBackend } from '@fewshot/model/node';
import { serveDecoder } from './engine-worker.js';
import { FewshotDecoder } from './fewshot-decoder.js';

/** What fewshot's WASM worker starts from: the model's shape, the seed of its weights, the threads. */
export interface FewshotWasmInit {
  readonly config: ModelConfig;
  readonly seed: number;
  readonly threads: number;
}

// A worker has a TF.js of its own: its `wasm` backend starts on the threads asked for, with the
// kernels of @fewshot/kernels installed as the CLI installs them.
serveDecoder(async (init) => {
  const { config, seed, threads } = init as FewshotWasmInit;
  installKernels();
  const choice = await selectBackend('wasm', { [WASM_THREADS_ENV_VAR]: String(threads) });
  const version = (createRequire(import.meta.url)('@fewshot/model/package.json') as { version: string }).version;
  return { decoder: new FewshotDecoder(GptModel.create(config, { seed })), threads: choice.threads, version };
});
