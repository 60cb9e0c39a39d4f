import { StopStringMatcher } from './stop-strings.js';
import { type TokenDecoder, StreamingTextDecoder } from './token-decoder.js';

/**
 * Builds a completion's text from its tokens as they arrive: bytes to characters (never
 * splitting one), then stop-string detection (never releasing a possible stop-string prefix).
 * End-of-sequence tokens contribute no text.
 */
export class CompletionText {
  private readonly decoder: StreamingTextDecoder;
  private readonly matcher: StopStringMatcher;
  private stoppedAtString = false;

  constructor(
    decoder: TokenDecoder,
    stops: readonly string[],
    private readonly eosTokenIds: readonly number[],
  ) {
    this.decoder = new StreamingTextDecoder(decoder);
    this.matcher = new StopStringMatcher(stops);
  }

  /** Adds a token; returns the text it releases and whether a stop string has now appeared. */
  push(id: number): { text: string; stopped: boolean } {
    if (this.stoppedAtString || this.eosTokenIds.includes(id)) return { text: '', stopped: this.stoppedAtString };
    const released = this.matcher.push(this.decoder.push(id));
    this.stoppedAtString = released.stopped;
    return released;
  }

  /** Ends the completion; returns the text held back until now and whether it held a stop string. */
  finish(): { text: string; stopped: boolean } {
    if (this.stoppedAtString) return { text: '', stopped: true };
    const flushed = this.matcher.push(this.decoder.flush());
    this.stoppedAtString = flushed.stopped;
    return { text: flushed.text + (flushed.stopped ? '' : this.matcher.flush()), stopped: flushed.stopped };
  }

  /** The text released so far (all of it, after `finish`). */
  get text(): string {
    return this.matcher.output;
  }
}
