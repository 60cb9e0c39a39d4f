import { parentPort } from 'node:worker_threads';
import * as ort from 'onnxruntime-web';
import type { DecoderShape } from '@fewshot/onnx';
import { OrtDecoder } from './ort-decoder.js';

/**
 * A worker that runs onnxruntime-web: its WASM thread count is fixed per module instance when
 * the first session starts, so each thread count gets a worker (its own instance) of its own.
 */
export type WorkerRequest =
  | { readonly op: 'init'; readonly model: Uint8Array; readonly threads: number; readonly shape: DecoderShape }
  | { readonly op: 'prefill'; readonly ids: readonly number[] }
  | { readonly op: 'logits'; readonly ids: readonly number[] }
  | { readonly op: 'fill'; readonly key: string; readonly ids: readonly number[] }
  | { readonly op: 'step'; readonly key: string; readonly id: number }
  | { readonly op: 'clear' };

export type WorkerReply =
  | {
      readonly ok: true;
      readonly ms?: number;
      readonly threads?: number;
      readonly version?: string;
      readonly logits?: Float32Array;
    }
  | { readonly ok: false; readonly error: string };

let decoder: OrtDecoder | undefined;

async function handle(request: WorkerRequest): Promise<WorkerReply> {
  if (request.op === 'init') {
    ort.env.wasm.numThreads = request.threads;
    const session = await ort.InferenceSession.create(request.model, { executionProviders: ['wasm'] });
    decoder = new OrtDecoder(ort, session, request.shape);
    return { ok: true, threads: ort.env.wasm.numThreads, version: ort.env.versions.web ?? 'unknown' };
  }
  if (decoder === undefined) throw new Error('onnxruntime-web worker: init first');
  switch (request.op) {
    case 'prefill':
      return { ok: true, ms: await decoder.prefill(request.ids) };
    case 'logits':
      return { ok: true, logits: await decoder.lastLogits(request.ids) };
    case 'fill':
      await decoder.fill(request.key, request.ids);
      return { ok: true };
    case 'step':
      return { ok: true, ms: await decoder.step(request.key, request.id) };
    case 'clear':
      decoder.clear();
      return { ok: true };
  }
}

parentPort?.on('message', (request: WorkerRequest) => {
  handle(request).then(
    (reply) => parentPort?.postMessage(reply),
    (error: unknown) =>
      parentPort?.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
});
