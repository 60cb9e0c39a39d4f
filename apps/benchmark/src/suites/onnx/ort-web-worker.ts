import * as ort from 'onnxruntime-web';
import type { DecoderShape } from '@fewshot/onnx';
import { serveDecoder } from './engine-worker.js';
import { OrtDecoder } from './ort-decoder.js';
import { ORT_SESSION_EXTRA } from './ort-session.js';

/** What onnxruntime-web's worker starts from: the model, its WASM thread count and the decoder's shape. */
export interface OrtWebInit {
  readonly model: Uint8Array;
  readonly threads: number;
  readonly shape: DecoderShape;
}

// onnxruntime-web fixes its WASM thread count per module instance when the first session starts.
serveDecoder(async (init) => {
  const { model, threads, shape } = init as OrtWebInit;
  ort.env.wasm.numThreads = threads;
  const session = await ort.InferenceSession.create(model, { executionProviders: ['wasm'], extra: ORT_SESSION_EXTRA });
  return {
    decoder: new OrtDecoder(ort, session, shape),
    threads: ort.env.wasm.numThreads,
    version: ort.env.versions.web ?? 'unknown',
  };
});
