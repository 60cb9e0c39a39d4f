import { Worker } from 'node:worker_threads';
import type { ModelConfig } from '@fewshot/config';
import type { BackendChoice, GptModel } from '@fewshot/model';
import * as ortNode from 'onnxruntime-node';
import type { DecoderShape } from '@fewshot/onnx';
import type { Decoder } from './decoder.js';
import type { WorkerReply, WorkerRequest } from './engine-worker.js';
import type { FewshotWasmInit } from './fewshot-wasm-worker.js';
import { FewshotDecoder } from './fewshot-decoder.js';
import { OrtDecoder } from './ort-decoder.js';
import { ORT_SESSION_EXTRA } from './ort-session.js';
import type { OrtWebInit } from './ort-web-worker.js';

/** One engine running the same weights: what it is, and the work each contender times. */
export interface Engine extends Omit<Decoder, 'clear'> {
  /** e.g. `onnxruntime-node`. */
  readonly engine: string;
  /** Its version. */
  readonly version: string;
  /** Threads its matrix products run on. */
  readonly threads: number;
  /** Where it computes, e.g. `CPU execution provider` or `tfjs wasm`. */
  readonly backend: string;
  /** Frees the sequences and the engine. */
  dispose(): Promise<void>;
}

export const engineLabel = (engine: Engine): string =>
  `${engine.engine} ${engine.version}, ${engine.threads} thread${engine.threads === 1 ? '' : 's'}, ${engine.backend}`;

/** fewshot's `GptModel` on this thread's active TF.js backend (`tensorflow`: tfjs-node). */
export function fewshotEngine(model: GptModel, choice: BackendChoice, version: string): Engine {
  const decoder = new FewshotDecoder(model);
  return {
    engine: 'fewshot',
    version,
    threads: choice.threads,
    backend: `tfjs ${choice.tfjsBackend}${choice.package === undefined ? '' : ` (${choice.package})`}`,
    prefill: (ids) => decoder.prefill(ids),
    lastLogits: (ids) => decoder.lastLogits(ids),
    fill: (key, ids) => decoder.fill(key, ids),
    step: (key, id) => decoder.step(key, id),
    dispose() {
      decoder.clear();
      return Promise.resolve();
    },
  };
}

/** onnxruntime-node's CPU execution provider on `threads` intra-op threads. */
export async function ortNodeEngine(model: Uint8Array, threads: number, shape: DecoderShape): Promise<Engine> {
  const session = await ortNode.InferenceSession.create(model, {
    executionProviders: ['cpu'],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    extra: ORT_SESSION_EXTRA,
  });
  const decoder = new OrtDecoder(ortNode, session, shape);
  return {
    engine: 'onnxruntime-node',
    version: ortNode.env.versions.node ?? 'unknown',
    threads,
    backend: 'CPU execution provider',
    prefill: (ids) => decoder.prefill(ids),
    lastLogits: (ids) => decoder.lastLogits(ids),
    fill: (key, ids) => decoder.fill(key, ids),
    step: (key, id) => decoder.step(key, id),
    async dispose() {
      decoder.clear();
      await session.release();
    },
  };
}

/** onnxruntime-web's WASM execution provider with `threads` threads, in a worker of its own. */
export function ortWebEngine(model: Uint8Array, threads: number, shape: DecoderShape): Promise<Engine> {
  const init: OrtWebInit = { model, threads, shape };
  const what = { engine: 'onnxruntime-web', backend: 'WASM execution provider (SIMD)', threads };
  return workerEngine(new URL('./ort-web-worker.js', import.meta.url), init, what);
}

/** fewshot on TF.js's `wasm` backend with `threads` threads (its own TF.js), in a worker of its own. */
export function fewshotWasmEngine(config: ModelConfig, seed: number, threads: number): Promise<Engine> {
  const init: FewshotWasmInit = { config, seed, threads };
  const what = { engine: 'fewshot', backend: 'tfjs wasm', threads };
  return workerEngine(new URL('./fewshot-wasm-worker.js', import.meta.url), init, what);
}

/**
 * fewshot on TF.js's `wasm` backend with `threads` threads, decoding from a float32 copy of its
 * weights in `@fewshot/kernels`' store (`quantizeForDecoding`) on as many threads — the same
 * values, read by the store's SIMD kernel; on two, the threaded build's shared memory lets the
 * store's helper thread take half of each cached attention too. Prefill stays on TF.js's matMul.
 */
export function fewshotStoredDecodingEngine(config: ModelConfig, seed: number, threads: number): Promise<Engine> {
  const init: FewshotWasmInit = { config, seed, threads, storeThreads: threads };
  const what = { engine: 'fewshot', backend: STORED_DECODING_BACKEND, threads };
  return workerEngine(new URL('./fewshot-wasm-worker.js', import.meta.url), init, what);
}

/** The backend column of {@link fewshotStoredDecodingEngine}'s row. */
export const STORED_DECODING_BACKEND =
  'tfjs wasm (prefill), float32 decoding store (quantizeForDecoding; decode: products and cached attention)';

/** An engine served by `serveDecoder` in a worker started from `url`, started from `init`. */
async function workerEngine(
  url: URL,
  init: OrtWebInit | FewshotWasmInit,
  what: { readonly engine: string; readonly backend: string; readonly threads: number },
): Promise<Engine> {
  const worker = new Worker(url);
  const name = `${what.engine} (${what.threads} threads)`;
  let queue: Promise<unknown> = Promise.resolve();
  const call = (request: WorkerRequest): Promise<WorkerReply & { ok: true }> => {
    const next = queue.then(
      () =>
        new Promise<WorkerReply & { ok: true }>((resolve, reject) => {
          // A worker that dies answers with 'error' or 'exit' instead of a message; either settles the call.
          const onError = (error: Error): void => {
            worker.off('exit', onExit);
            reject(error);
          };
          const onExit = (code: number): void => {
            worker.off('error', onError);
            reject(new Error(`${name}: the worker exited with code ${code}`));
          };
          worker.once('error', onError);
          worker.once('exit', onExit);
          worker.once('message', (reply: WorkerReply) => {
            worker.off('error', onError);
            worker.off('exit', onExit);
            if (reply.ok) resolve(reply);
            else reject(new Error(`${name}: ${reply.error}`));
          });
          worker.postMessage(request);
        }),
    );
    queue = next.catch(() => undefined);
    return next;
  };
  try {
    const started = await call({ op: 'init', init });
    return {
      engine: what.engine,
      version: started.version ?? 'unknown',
      threads: started.threads ?? what.threads,
      backend: what.backend,
      prefill: async (ids) => (await call({ op: 'prefill', ids })).ms ?? Number.NaN,
      lastLogits: async (ids) => {
        const { logits } = await call({ op: 'logits', ids });
        if (logits === undefined) throw new Error(`${name}: no logits`);
        return logits;
      },
      fill: async (key, ids) => {
        await call({ op: 'fill', key, ids });
      },
      step: async (key, id) => (await call({ op: 'step', key, id })).ms ?? Number.NaN,
      async dispose() {
        await worker.terminate();
      },
    };
  } catch (error) {
    await worker.terminate();
    throw error;
  }
}
