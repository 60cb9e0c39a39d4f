import { parentPort } from 'node:worker_threads';
import type { Decoder } from './decoder.js';

/**
 * The messages between an engine's worker and the suite: `init` once (what the worker starts
 * its engine from), then the {@link Decoder} calls. Each engine runs in a worker of its own when
 * its thread count is fixed per runtime instance as it starts (onnxruntime-web's WASM module,
 * TF.js's `wasm` backend), so that one process can hold several.
 */
export type WorkerRequest =
  | { readonly op: 'init'; readonly init: unknown }
  | { readonly op: 'prefill'; readonly ids: readonly number[] }
  | { readonly op: 'logits'; readonly ids: readonly number[] }
  | { readonly op: 'fill'; readonly key: string; readonly ids: readonly number[] }
  | { readonly op: 'step'; readonly key: string; readonly id: number };

export type WorkerReply =
  | {
      readonly ok: true;
      readonly ms?: number;
      readonly threads?: number;
      readonly version?: string;
      readonly logits?: Float32Array;
    }
  | { readonly ok: false; readonly error: string };

/** What a worker's engine is once started: its decoder, the threads it runs and its version. */
export interface StartedEngine {
  readonly decoder: Decoder;
  readonly threads: number;
  readonly version: string;
}

/**
 * Answers the suite's requests in this worker: `start` on `init` (what the suite sent, which the
 * worker's own module defines), then the decoder's calls, one at a time.
 */
export function serveDecoder(start: (init: unknown) => Promise<StartedEngine>): void {
  const port = parentPort;
  if (port === null) throw new Error('an engine worker runs as a worker thread of the onnx suite');
  let decoder: Decoder | undefined;
  const handle = async (request: WorkerRequest): Promise<WorkerReply> => {
    if (request.op === 'init') {
      const started = await start(request.init);
      decoder = started.decoder;
      return { ok: true, threads: started.threads, version: started.version };
    }
    if (decoder === undefined) throw new Error('engine worker: init first');
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
    }
  };
  port.on('message', (request: WorkerRequest) => {
    const reply = handle(request).catch(
      (error: unknown): WorkerReply => ({ ok: false, error: error instanceof Error ? error.message : String(error) }),
    );
    void reply.then((message) => {
      port.postMessage(message);
    });
  });
}
