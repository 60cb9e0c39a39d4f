import { createRequire } from 'node:module';
import type { ModelConfig } from '@fewshot/config';
import { installKernels, quantizeForDecoding } from '@fewshot/kernels';
import { GptModel } from '@fewshot/model';
import { WASM_THREADS_ENV_VAR, selectBackend } from '@fewshot/model/node';
import { serveDecoder } from './engine-worker.js';
import { FewshotDecoder } from './fewshot-decoder.js';

/** What fewshot's WASM worker starts from: the model's shape, the seed of its weights, the threads. */
export interface FewshotWasmInit {
  readonly config: ModelConfig;
  readonly seed: number;
  /** Threads of TF.js's `wasm` backend. */
  readonly threads: number;
  /**
   * Decode from a float32 copy of the weights in `@fewshot/kernels`' decoding store
   * (`quantizeForDecoding`), its products on this many threads; without it, through TF.js's matMul.
   */
  readonly storeThreads?: number;
}

// A worker has a TF.js of its own: its `wasm` backend starts on the threads asked for, with the
// kernels of @fewshot/kernels installed as the CLI installs them.
serveDecoder(async (init) => {
  const { config, seed, threads, storeThreads } = init as FewshotWasmInit;
  installKernels();
  const choice = await selectBackend('wasm', { [WASM_THREADS_ENV_VAR]: String(threads) });
  const version = (createRequire(import.meta.url)('@fewshot/model/package.json') as { version: string }).version;
  const model = GptModel.create(config, { seed });
  const store =
    storeThreads === undefined ? undefined : await quantizeForDecoding(model, 'float32', { threads: storeThreads });
  return { decoder: new FewshotDecoder(model), threads: store?.threads ?? choice.threads, version };
});
