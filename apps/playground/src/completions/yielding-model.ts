import { setImmediate as nextMacrotask } from 'node:timers/promises';
import type { LanguageModel } from '@fewshot/sampling';

/**
 * `model` with a turn of the event loop before every forward pass. A TF.js WASM forward pass
 * settles its promise at once, so without this a whole generation runs in one stretch of
 * microtasks: no streamed chunk leaves, no disconnect is noticed and no other request is
 * answered (not even a 429) until it ends.
 */
export function yieldingModel<Cache>(model: LanguageModel<Cache>): LanguageModel<Cache> {
  return {
    vocabSize: model.vocabSize,
    contextLength: model.contextLength,
    createCache: () => model.createCache(),
    ...(model.forkCache === undefined ? {} : { forkCache: (cache: Cache) => model.forkCache?.(cache) ?? cache }),
    ...(model.disposeCache === undefined ? {} : { disposeCache: (cache: Cache) => model.disposeCache?.(cache) }),
    nextTokenLogits: async (ids, cache) => {
      await nextMacrotask();
      return model.nextTokenLogits(ids, cache);
    },
  };
}
