import { attends, countParameters, describeAttentionPattern } from '@fewshot/config';
import * as tf from '@tensorflow/tfjs-core';
import { redactPaths } from '../http/redact-paths.js';
import { sendJson } from '../http/send.js';
import type { RouteContext } from './route-context.js';

/** Positions the pattern masks span: enough to show a local window, a stride or a block repeat. */
export const MASK_POSITIONS = 32;

/**
 * `GET /api/model`: what the page shows about the model — its config, parameter counts, each
 * layer's attention pattern, the backend — and the live tensor count, which stays flat across
 * requests when nothing leaks.
 */
export function handleModelInfo(context: RouteContext): void {
  const served = context.host.require();
  const { config } = served.model;
  const memory = tf.memory();
  sendJson(context.response, 200, {
    id: served.id,
    modelType: served.modelType,
    backend: {
      name: served.backend.name,
      tfjsBackend: served.backend.tfjsBackend,
      reason: redactPaths(served.backend.reason),
    },
    config,
    parameters: countParameters(config),
    // `mask[i][j]` is 1 when query i may attend to key j, straight from the config's rule.
    attention: config.attention.map((pattern, layer) => ({
      layer,
      pattern,
      description: describeAttentionPattern(pattern),
      mask: Array.from({ length: Math.min(MASK_POSITIONS, config.contextLength) }, (_, i) =>
        Array.from({ length: Math.min(MASK_POSITIONS, config.contextLength) }, (_, j) =>
          attends(pattern, i, j) ? 1 : 0,
        ),
      ),
    })),
    tokenizer: { name: served.tokenizer.name, vocabSize: served.tokenizer.vocabSize },
    eosTokenId: served.eosTokenId ?? null,
    memory: { numTensors: memory.numTensors, numBytes: memory.numBytes },
    queue: { ...context.queue.depth, concurrency: context.queue.concurrency, capacity: context.queue.capacity },
    scheduler: {
      batching: context.scheduler.batching,
      maxBatch: context.scheduler.maxBatch,
      pendingSteps: context.scheduler.depth,
      ...context.scheduler.stats,
    },
  });
}
