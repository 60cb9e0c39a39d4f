/**
 * How generated token ids become text. Either form is accepted; the byte form is preferred
 * because byte-level BPE tokens are byte strings, and a token may end in the middle of a UTF-8
 * character (an emoji is often two or three GPT-2 tokens).
 *
 * - `tokenBytes(id)`: the raw bytes of one token; streaming holds back an incomplete character
 *   until the token that completes it arrives.
 * - `decode(ids)`: the text of a whole id sequence; streaming re-decodes the pending tokens and
 *   holds them back while the text ends in U+FFFD (an unfinished character).
 */
export type TokenDecoder = TokenBytesDecoder | TokenSequenceDecoder;

export interface TokenBytesDecoder {
  tokenBytes(id: number): Uint8Array;
  /** Whether `id` has text; ids without are never generated (see `UndecodableTokensProcessor`). */
  hasToken?(id: number): boolean;
}

export interface TokenSequenceDecoder {
  decode(ids: readonly number[]): string;
  hasToken?(id: number): boolean;
}

const REPLACEMENT = '\uFFFD';

/**
 * Turns a stream of token ids into text deltas that never split a character. Whatever is
 * still held back at the end comes out of {@link StreamingTextDecoder.flush}, with U+FFFD for a
 * truncated character, exactly as decoding the whole sequence at once would give.
 */
export class StreamingTextDecoder {
  private readonly utf8 = new TextDecoder('utf-8');
  /** Token ids not yet turned into text (sequence form only). */
  private pending: number[] = [];

  constructor(private readonly decoder: TokenDecoder) {}

  /** Adds one token; returns the text it completes (possibly empty). */
  push(id: number): string {
    if ('tokenBytes' in this.decoder) return this.utf8.decode(this.decoder.tokenBytes(id), { stream: true });
    this.pending.push(id);
    const text = this.decoder.decode(this.pending);
    if (text.endsWith(REPLACEMENT)) return '';
    this.pending = [];
    return text;
  }

  /** Ends the stream: returns the held-back text, with U+FFFD for an unfinished character. */
  flush(): string {
    if ('tokenBytes' in this.decoder) return this.utf8.decode();
    const text = this.pending.length > 0 ? this.decoder.decode(this.pending) : '';
    this.pending = [];
    return text;
  }
}

/** The text of a single token on its own (for logprob alternatives); may contain U+FFFD. */
export function tokenText(decoder: TokenDecoder, id: number): string {
  return 'tokenBytes' in decoder ? new TextDecoder().decode(decoder.tokenBytes(id)) : decoder.decode([id]);
}

/** The text of a whole sequence. */
export function decodeAll(decoder: TokenDecoder, ids: readonly number[]): string {
  const stream = new StreamingTextDecoder(decoder);
  let text = '';
  for (const id of ids) text += stream.push(id);
  return text + stream.flush();
}
