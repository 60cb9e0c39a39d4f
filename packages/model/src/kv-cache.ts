import type { AttentionPattern } from '@fewshot/config';
import * as tf from '@tensorflow/tfjs-core';
import { sliceSequence } from './attention/sequence-axis.js';
import type { PastKeyValues } from './layers/transformer-block.js';

/**
 * Keys and values of the positions a model has already processed, one entry per layer, for
 * incremental decoding. Dense, strided and fixed layers keep every position; a local layer keeps
 * a rolling buffer of the last `window − 1` positions — all a later query can still see — so its
 * memory stays bounded however long generation runs.
 *
 * A cache belongs to one model and one sequence. `GptModel.forward` extends it in place; `clone`
 * it to branch a sequence (beam search), and `dispose` it when done: it owns its tensors.
 */
export class KvCache {
  private entries: (PastKeyValues | undefined)[];
  private consumed = 0;
  private disposed = false;

  constructor(readonly patterns: readonly AttentionPattern[]) {
    this.entries = patterns.map(() => undefined);
  }

  /** How many positions have been processed: the position of the next token. */
  get length(): number {
    return this.consumed;
  }

  /** The cached keys and values of layer `layer`, or undefined when it holds none. */
  layer(layer: number): PastKeyValues | undefined {
    this.assertUsable();
    return this.entries[layer];
  }

  /**
   * The keys of layer `layer` that a later query can attend to, cut from `present` (which
   * ends at the latest position). Call inside a `tidy`.
   */
  retain(layer: number, present: PastKeyValues): PastKeyValues | undefined {
    const pattern = this.patterns[layer];
    if (pattern?.type !== 'local') return present;
    const length = present.keys.shape[2] ?? 0;
    const keep = Math.min(length, pattern.window - 1);
    if (keep === 0) return undefined;
    const drop = length - keep;
    const cut = (x: tf.Tensor): tf.Tensor => (drop === 0 ? x : sliceSequence(x, drop, keep));
    return { keys: cut(present.keys), values: cut(present.values), start: present.start + drop };
  }

  /** Replaces every layer's entry (tensors kept out of the caller's `tidy`) and advances `length`. */
  advance(entries: readonly (PastKeyValues | undefined)[], positions: number): void {
    this.assertUsable();
    const previous = this.entries;
    this.entries = entries.map((entry) => {
      if (entry === undefined) return undefined;
      tf.keep(entry.keys);
      tf.keep(entry.values);
      return entry;
    });
    for (const entry of previous) if (entry !== undefined) tf.dispose([entry.keys, entry.values]);
    this.consumed += positions;
  }

  /** An independent copy: extending one does not change the other. */
  clone(): KvCache {
    this.assertUsable();
    const copy = new KvCache(this.patterns);
    copy.entries = this.entries.map((entry) =>
      entry === undefined ? undefined : { keys: tf.clone(entry.keys), values: tf.clone(entry.values), start: entry.start },
    );
    copy.consumed = this.consumed;
    return copy;
  }

  dispose(): void {
    if (this.disposed) return;
    for (const entry of this.entries) if (entry !== undefined) tf.dispose([entry.keys, entry.values]);
    this.entries = [];
    this.disposed = true;
  }

  private assertUsable(): void {
    if (this.disposed) throw new Error('cache: this KvCache was disposed');
  }
}
