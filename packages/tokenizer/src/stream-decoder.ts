/**
 * Decodes token ids that arrive one at a time (from a sampler) into text, emitting a
 * character only once all its UTF-8 bytes have arrived: an emoji whose bytes are split over
 * two tokens is printed whole with the second token, never as U+FFFD halves.
 */
export class StreamDecoder {
  private readonly decoder = new TextDecoder('utf-8');

  /** @param toBytes the tokenizer's id → bytes conversion (the result may be reused by it). */
  constructor(private readonly toBytes: (ids: ArrayLike<number>) => Uint8Array) {}

  /**
   * Adds ids and returns the text they complete (possibly empty). Bytes of an unfinished
   * character are held back until a later call completes them.
   */
  write(ids: number | ArrayLike<number>): string {
    const bytes = this.toBytes(typeof ids === 'number' ? [ids] : ids);
    return this.decoder.decode(bytes, { stream: true });
  }

  /** Ends the stream: returns held-back bytes, U+FFFD for an unfinished character, and resets. */
  end(): string {
    return this.decoder.decode();
  }
}
