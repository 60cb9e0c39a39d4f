import * as tf from '@tensorflow/tfjs-core';
import { resizeSequence } from '../attention/sequence-axis.js';
import { fusedOpsFor } from '../ops/fused-ops.js';
import type { CacheBuffers, PastKeyValues } from './kv-cache-types.js';

/** Smallest capacity, in positions, of a growing layer buffer. */
const MIN_CAPACITY = 64;

/**
 * The keys and values one layer keeps, held in buffers `[batch·heads, capacity, headSize]` whose
 * positions `begin … begin + count − 1` are filled. Where the fused operations support the
 * buffers (`@fewshot/kernels` on WASM), new positions are written into them in place, so a
 * decoding step appends in O(1) ops instead of concatenating the whole cache: the buffers are
 * then preallocated and grow geometrically (up to the context length), a local layer's to at most
 * twice its window, compacted when full. Otherwise every append rebuilds them (one concatenation).
 */
export class LayerKv {
  private keyBuffer: tf.Tensor | undefined;
  private valueBuffer: tf.Tensor | undefined;
  private begin = 0;
  private filled = 0;
  private first = 0;
  private heads = 1;
  /** `[batch, heads, count, headSize]` copies of the filled prefix, made on demand. */
  private materialized: PastKeyValues | undefined;

  constructor(
    /** Positions a later query can still need: `window − 1` for a local layer, else unbounded. */
    private readonly keep: number,
    private readonly maxCapacity: number,
  ) {}

  /** Position of the first kept key. */
  get start(): number {
    return this.first;
  }

  /** Number of kept positions. */
  get count(): number {
    return this.filled;
  }

  /** The kept keys and values as `[batch, heads, count, headSize]` (owned by this cache), or undefined when empty. */
  past(): PastKeyValues | undefined {
    if (this.materialized === undefined) {
      const kept = this.keptSequence();
      if (kept === undefined) return undefined;
      this.materialized = { keys: tf.keep(kept.keys), values: tf.keep(kept.values), start: kept.start };
    }
    return this.materialized;
  }

  /**
   * The kept keys and values as new tensors `[batch, heads, count, headSize]` that the caller
   * disposes (a slice of the buffers, or a reshape of them where they are filled), or undefined
   * when empty. Unlike {@link past}, nothing stays allocated once the caller is done.
   */
  keptSequence(): PastKeyValues | undefined {
    const keys = this.keyBuffer;
    const values = this.valueBuffer;
    if (keys === undefined || values === undefined || this.filled === 0) return undefined;
    const view = (buffer: tf.Tensor): tf.Tensor =>
      tf.tidy(() => {
        const [rows = 0, , size = 0] = buffer.shape;
        return tf.reshape(this.keptOf(buffer), [rows / this.heads, this.heads, this.filled, size]);
      });
    return { keys: view(keys), values: view(values), start: this.first };
  }

  /**
   * The buffers and where their kept positions lie, for an attention kernel that reads them in
   * place; undefined when nothing is kept.
   */
  buffers(): CacheBuffers | undefined {
    if (this.keyBuffer === undefined || this.valueBuffer === undefined) return undefined;
    return { keys: this.keyBuffer, values: this.valueBuffer, begin: this.begin, count: this.filled };
  }

  /**
   * Appends the keys and values `[batch, heads, n, headSize]` of the next `n` positions, keeping
   * the older ones until {@link trim}. The buffers are kept out of any enclosing `tidy`.
   */
  append(k: tf.Tensor, v: tf.Tensor): void {
    this.dropMaterialized();
    const [batch = 0, heads = 0, n = 0, size = 0] = k.shape;
    this.heads = heads;
    const rows = batch * heads;
    const keys = this.keyBuffer;
    const values = this.valueBuffer;
    const writer = fusedOpsFor(k);
    if (keys !== undefined && values !== undefined && writer !== undefined && this.hasRoom(rows, n)) {
      const end = this.begin + this.filled;
      writer.writeRows(keys, k, end, 0);
      writer.writeRows(values, v, end, 0);
      this.filled += n;
      return;
    }
    // Rebuild: the kept positions and the new ones, at the start of fresh buffers.
    const total = this.filled + n;
    const capacity = writer === undefined ? total : this.capacityFor(total);
    const rebuild = (buffer: tf.Tensor | undefined, next: tf.Tensor): tf.Tensor =>
      tf.tidy(() => {
        const flat = tf.reshape(next, [rows, n, size]);
        const joined = buffer === undefined || this.filled === 0 ? flat : tf.concat([this.keptOf(buffer), flat], 1);
        return tf.keep(
          capacity > total
            ? tf.reshape(resizeSequence(tf.reshape(joined, [1, rows, total, size]), 0, capacity - total), [
                rows,
                capacity,
                size,
              ])
            : joined,
        );
      });
    const nextKeys = rebuild(keys, k);
    const nextValues = rebuild(values, v);
    if (keys !== undefined && values !== undefined) tf.dispose([keys, values]);
    this.keyBuffer = nextKeys;
    this.valueBuffer = nextValues;
    this.begin = 0;
    this.filled = total;
  }

  /**
   * Appends the keys and values of sequence `index` of a batch, `k` and `v` being
   * `[sequences, heads, n, headSize]` (one decoding step of several caches, each its own sequence):
   * written straight from the batch where the buffers are written in place and have room;
   * otherwise its slice is appended as by {@link append}.
   */
  appendFrom(k: tf.Tensor, v: tf.Tensor, index: number): void {
    const [, heads = 0, n = 0, size = 0] = k.shape;
    const keys = this.keyBuffer;
    const values = this.valueBuffer;
    const writer = fusedOpsFor(k);
    const inPlace = writer !== undefined && this.heads === heads && this.hasRoom(heads, n);
    if (keys !== undefined && values !== undefined && inPlace) {
      this.dropMaterialized();
      const end = this.begin + this.filled;
      const offset = index * heads * n * size;
      writer.writeRows(keys, k, end, offset);
      writer.writeRows(values, v, end, offset);
      this.filled += n;
      return;
    }
    const row = (tensor: tf.Tensor): tf.Tensor => tf.slice(tensor, [index, 0, 0, 0], [1, -1, -1, -1]);
    const [rowKeys, rowValues] = [row(k), row(v)];
    try {
      this.append(rowKeys, rowValues);
    } finally {
      tf.dispose([rowKeys, rowValues]);
    }
  }

  /** The kept positions of `buffer`: the buffer itself where they fill it (no copy), else a slice. */
  private keptOf(buffer: tf.Tensor): tf.Tensor {
    const [rows = 0, capacity = 0, size = 0] = buffer.shape;
    return this.begin === 0 && this.filled === capacity
      ? buffer
      : tf.slice(buffer, [0, this.begin, 0], [rows, this.filled, size]);
  }

  /** Whether `n` more positions of `rows` rows fit in the buffers, to be written in place. */
  private hasRoom(rows: number, n: number): boolean {
    const keys = this.keyBuffer;
    if (keys === undefined) return false;
    return this.begin + this.filled + n <= (keys.shape[1] ?? 0) && keys.shape[0] === rows;
  }

  /** Drops the positions no later query can see (a local layer keeps its last `window − 1`). */
  trim(): void {
    if (this.filled <= this.keep) return;
    this.dropMaterialized();
    const drop = this.filled - this.keep;
    this.begin += drop;
    this.first += drop;
    this.filled = this.keep;
    if (this.filled === 0) {
      this.disposeBuffers();
      this.begin = 0;
    }
  }

  /** An independent copy (the buffers are copied: they are written in place). */
  clone(): LayerKv {
    const copy = new LayerKv(this.keep, this.maxCapacity);
    copy.heads = this.heads;
    copy.begin = this.begin;
    copy.filled = this.filled;
    copy.first = this.first;
    if (this.keyBuffer !== undefined && this.valueBuffer !== undefined) {
      copy.keyBuffer = tf.mul(this.keyBuffer, 1);
      copy.valueBuffer = tf.mul(this.valueBuffer, 1);
    }
    return copy;
  }

  dispose(): void {
    this.dropMaterialized();
    this.disposeBuffers();
  }

  private capacityFor(total: number): number {
    if (Number.isFinite(this.keep)) return Math.max(total, Math.min(this.maxCapacity, 2 * this.keep + 1));
    let capacity = MIN_CAPACITY;
    while (capacity < total) capacity *= 2;
    return Math.max(total, Math.min(capacity, this.maxCapacity));
  }

  private dropMaterialized(): void {
    if (this.materialized !== undefined) tf.dispose([this.materialized.keys, this.materialized.values]);
    this.materialized = undefined;
  }

  private disposeBuffers(): void {
    if (this.keyBuffer !== undefined && this.valueBuffer !== undefined) tf.dispose([this.keyBuffer, this.valueBuffer]);
    this.keyBuffer = undefined;
    this.valueBuffer = undefined;
  }
}
