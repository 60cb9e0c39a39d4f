import { Worker } from 'node:worker_threads';
import type { BackendChoice, GptModel, KvCache } from '@fewshot/model';
import * as ortNode from 'onnxruntime-node';
import type { DecoderShape } from '@fewshot/onnx';
import { OrtDecoder } from './ort-decoder.js';
import type { WorkerReply, WorkerRequest } from './ort-web-worker.js';

/** One engine running the same weights: what it is, and the work each contender times. */
export interface Engine {
  /** e.g. `onnxruntime-node`. */
  readonly engine: string;
  /** Its version. */
  readonly version: string;
  /** Threads its matrix products run on. */
  readonly threads: number;
  /** Where it computes, e.g. `CPU execution provider` or `tfjs wasm (XNNPACK)`. */
  readonly backend: string;
  /** Milliseconds of one prefill over `ids` with logits for every position, read into host memory. */
  prefill(ids: readonly number[]): Promise<number>;
  /** The logits after the last of `ids` (to check that every engine computes the same model). */
  lastLogits(ids: readonly number[]): Promise<Float32Array>;
  /** Starts sequence `key` from `ids` (untimed). */
  fill(key: string, ids: readonly number[]): Promise<void>;
  /** Milliseconds of one cached single-token step of sequence `key`, its logits in host memory. */
  step(key: string, id: number): Promise<number>;
  /** Frees the sequences and the engine. */
  dispose(): Promise<void>;
}

export const engineLabel = (engine: Engine): string =>
  `${engine.engine} ${engine.version}, ${engine.threads} thread${engine.threads === 1 ? '' : 's'}, ${engine.backend}`;

/** fewshot's `GptModel` on the active TF.js backend. */
export function fewshotEngine(model: GptModel, choice: BackendChoice, version: string): Engine {
  const caches = new Map<string, KvCache>();
  return {
    engine: 'fewshot',
    version,
    threads: choice.threads,
    backend: `tfjs ${choice.tfjsBackend}${choice.package === undefined ? '' : ` (${choice.package})`}`,
    async prefill(ids) {
      const start = performance.now();
      const cache = model.createCache();
      const { logits } = model.forward(ids, cache);
      await logits.data();
      const ms = performance.now() - start;
      logits.dispose();
      cache.dispose();
      return ms;
    },
    async lastLogits(ids) {
      const cache = model.createCache();
      try {
        return Float32Array.from(await model.nextTokenLogits(ids, cache));
      } finally {
        cache.dispose();
      }
    },
    async fill(key, ids) {
      caches.get(key)?.dispose();
      const cache = model.createCache();
      for (let start = 0; start < ids.length; start += 256)
        await model.nextTokenLogits(ids.slice(start, start + 256), cache);
      caches.set(key, cache);
    },
    async step(key, id) {
      const cache = caches.get(key);
      if (cache === undefined) throw new Error(`fewshot: no sequence "${key}"; fill it first`);
      const start = performance.now();
      await model.nextTokenLogits([id], cache);
      return performance.now() - start;
    },
    dispose() {
      for (const cache of caches.values()) cache.dispose();
      caches.clear();
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
export async function ortWebEngine(model: Uint8Array, threads: number, shape: DecoderShape): Promise<Engine> {
  const worker = new Worker(new URL('./ort-web-worker.js', import.meta.url));
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
            reject(new Error(`onnxruntime-web (${threads} threads): the worker exited with code ${code}`));
          };
          worker.once('error', onError);
          worker.once('exit', onExit);
          worker.once('message', (reply: WorkerReply) => {
            worker.off('error', onError);
            worker.off('exit', onExit);
            if (reply.ok) resolve(reply);
            else reject(new Error(`onnxruntime-web (${threads} threads): ${reply.error}`));
          });
          worker.postMessage(request);
        }),
    );
    queue = next.catch(() => undefined);
    return next;
  };
  try {
    const started = await call({ op: 'init', model, threads, shape });
    return {
      engine: 'onnxruntime-web',
      version: started.version ?? 'unknown',
      threads: started.threads ?? threads,
      backend: 'WASM execution provider (SIMD)',
      prefill: async (ids) => (await call({ op: 'prefill', ids })).ms ?? Number.NaN,
      lastLogits: async (ids) => {
        const { logits } = await call({ op: 'logits', ids });
        if (logits === undefined) throw new Error(`onnxruntime-web (${threads} threads): no logits`);
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
