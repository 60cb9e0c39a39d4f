import type { LanguageModel } from './language-model.js';

/**
 * The caches one request created or forked. Each is disposed exactly once: as soon as the loop
 * is done with it, or at the end of the request, also when the consumer stops iterating early
 * or the model throws (a GPU cache must not leak because a stream was abandoned). Caches are
 * told apart by identity, which a cache updated in place always has.
 */
export class CacheLedger<Cache> {
  private readonly live = new Set<Cache>();

  constructor(private readonly model: LanguageModel<Cache>) {}

  /** Whether {@link fork} can branch a cache (the model has `forkCache`). */
  get canFork(): boolean {
    return this.model.forkCache !== undefined;
  }

  create(): Cache {
    return this.track(this.model.createCache());
  }

  /** An independent copy of `cache`; only call when {@link canFork}. */
  fork(cache: Cache): Cache {
    if (this.model.forkCache === undefined) throw new Error('model.forkCache is needed to branch a KV cache');
    return this.track(this.model.forkCache(cache));
  }

  dispose(cache: Cache): void {
    if (this.live.delete(cache)) this.model.disposeCache?.(cache);
  }

  disposeAll(): void {
    const caches = [...this.live];
    this.live.clear();
    for (const cache of caches) this.model.disposeCache?.(cache);
  }

  private track(cache: Cache): Cache {
    this.live.add(cache);
    return cache;
  }
}
