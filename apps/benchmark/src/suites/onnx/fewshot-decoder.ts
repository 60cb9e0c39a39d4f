import type { GptModel, KvCache } from '@fewshot/model';
import type { Decoder } from './decoder.js';

/** fewshot's `GptModel` on the active TF.js backend as a {@link Decoder}: a prefill, then steps on a `KvCache`. */
export class FewshotDecoder implements Decoder {
  private readonly caches = new Map<string, KvCache>();

  constructor(private readonly model: GptModel) {}

  async prefill(ids: readonly number[]): Promise<number> {
    const start = performance.now();
    const cache = this.model.createCache();
    const { logits } = this.model.forward(ids, cache);
    await logits.data();
    const ms = performance.now() - start;
    logits.dispose();
    cache.dispose();
    return ms;
  }

  async lastLogits(ids: readonly number[]): Promise<Float32Array> {
    const cache = this.model.createCache();
    try {
      return Float32Array.from(await this.model.nextTokenLogits(ids, cache));
    } finally {
      cache.dispose();
    }
  }

  async fill(key: string, ids: readonly number[]): Promise<void> {
    this.caches.get(key)?.dispose();
    const cache = this.model.createCache();
    await this.model.nextTokenLogits(ids, cache);
    this.caches.set(key, cache);
  }

  async step(key: string, id: number): Promise<number> {
    const cache = this.caches.get(key);
    if (cache === undefined) throw new Error(`fewshot: no sequence "${key}"; fill it first`);
    const start = performance.now();
    await this.model.nextTokenLogits([id], cache);
    return performance.now() - start;
  }

  clear(): void {
    for (const cache of this.caches.values()) cache.dispose();
    this.caches.clear();
  }
}
