/**
 * What every engine of the comparison runs, as a generation loop does: a prefill from an empty
 * past, then cached single-token steps of named sequences. Timed calls return milliseconds with
 * their logits in host memory.
 */
export interface Decoder {
  /** Milliseconds of one prefill over `ids` from an empty past, with logits for every position. */
  prefill(ids: readonly number[]): Promise<number>;
  /** The logits after the last of `ids`, from an empty past (to check that engines compute the same model). */
  lastLogits(ids: readonly number[]): Promise<Float32Array>;
  /** Starts sequence `key` from `ids` (untimed). */
  fill(key: string, ids: readonly number[]): Promise<void>;
  /** Milliseconds of one cached single-token step extending sequence `key` with `id`. */
  step(key: string, id: number): Promise<number>;
  /** Forgets every sequence. */
  clear(): void;
}
