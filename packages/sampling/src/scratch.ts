/**
 * A grow-only work buffer reused from one token to the next, so a sampling step over a
 * 50,257-entry vocabulary does not allocate (and later collect) several vocabulary-sized arrays.
 * Each buffer belongs to one function, which is synchronous and done with it before it returns,
 * so concurrent generations (which interleave only at `await`s) never share one mid-use.
 */
export class Scratch<T extends Float32Array | Float64Array | Int32Array | Uint32Array> {
  private buffer: T;

  constructor(private readonly create: (length: number) => T) {
    this.buffer = create(0);
  }

  /** A buffer of at least `length` entries, with unspecified contents. */
  take(length: number): T {
    if (this.buffer.length < length) this.buffer = this.create(length);
    return this.buffer;
  }
}
