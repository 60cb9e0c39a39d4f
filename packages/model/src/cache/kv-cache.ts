import type { AttentionPattern } from '@fewshot/config';
import type { PastKeyValues } from './kv-cache-types.js';
import { LayerKv } from './layer-kv.js';

/**
 * Keys and values of the positions a model has already processed, one entry per layer, for
 * incremental decoding. Dense, strided and fixed layers keep every position; a local layer keeps
 * the last `window − 1` positions — all a later query can still see — so its memory stays bounded
 * however long generation runs. Each layer's positions live in preallocated buffers written in
 * place where the backend allows (see {@link LayerKv}).
 *
 * A cache belongs to one model and one sequence. `GptModel.forward` extends it in place; `clone`
 * it to branch a sequence (beam search), and `dispose` it when done: it owns its tensors.
 */
export class KvCache {
  private entries: LayerKv[];
  private consumed = 0;
  private disposed = false;

  /** `contextLength` bounds the buffers' capacity (omit for no bound). */
  constructor(
    readonly patterns: readonly AttentionPattern[],
    readonly contextLength = Number.POSITIVE_INFINITY,
  ) {
    this.entries = patterns.map(
      (pattern) => new LayerKv(pattern.type === 'local' ? pattern.window - 1 : Number.POSITIVE_INFINITY, contextLength),
    );
  }

  /** How many positions have been processed: the position of the next token. */
  get length(): number {
    return this.consumed;
  }

  /** The cached keys and values of layer `layer` (owned by the cache), or undefined when it holds none. */
  layer(layer: number): PastKeyValues | undefined {
    return this.entry(layer).past();
  }

  /** Layer `layer`'s buffers, which `GptModel.forward` appends to. */
  entry(layer: number): LayerKv {
    this.assertUsable();
    const entry = this.entries[layer];
    if (entry === undefined)
      throw new RangeError(`layer = ${layer} is invalid: the cache has ${this.entries.length} layers`);
    return entry;
  }

  /** Ends a forward pass over `positions` new positions, every layer appended: drops what no later query can see. */
  advance(positions: number): void {
    this.assertUsable();
    for (const entry of this.entries) entry.trim();
    this.consumed += positions;
  }

  /** An independent copy: extending one does not change the other. */
  clone(): KvCache {
    this.assertUsable();
    const copy = new KvCache(this.patterns, this.contextLength);
    copy.entries = this.entries.map((entry) => entry.clone());
    copy.consumed = this.consumed;
    return copy;
  }

  dispose(): void {
    if (this.disposed) return;
    for (const entry of this.entries) entry.dispose();
    this.entries = [];
    this.disposed = true;
  }

  private assertUsable(): void {
    if (this.disposed) throw new Error('cache: this KvCache was disposed');
  }
}
