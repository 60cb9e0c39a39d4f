/**
 * Finds stop strings in streamed text and decides how much of it is safe to show. Text is
 * released only once no stop string can start inside it, so a stop string split across tokens
 * (`"\n"` + `"\n"`, `"###"` as `"#"` `"##"`) is caught and, as in OpenAI's API, is not part of
 * the returned text.
 */
export class StopStringMatcher {
  private text = '';
  /** Length of the prefix of `text` already released. */
  private released = 0;
  private readonly longest: number;

  constructor(private readonly stops: readonly string[]) {
    this.longest = Math.max(0, ...stops.map((s) => s.length));
  }

  /**
   * Adds decoded text. Returns the text now safe to release and, when a stop string has
   * appeared, `stopped: true` (the text up to the stop string is then released in full, and
   * anything after it is discarded).
   */
  push(delta: string): { text: string; stopped: boolean } {
    this.text += delta;
    const hit = this.firstStop();
    if (hit !== -1) {
      const text = this.release(hit);
      this.text = this.text.slice(0, hit);
      return { text, stopped: true };
    }
    return { text: this.release(this.text.length - this.heldBack()), stopped: false };
  }

  /** Ends the stream: releases whatever was held back as a possible stop-string prefix. */
  flush(): string {
    return this.release(this.text.length);
  }

  /** All text released so far. */
  get output(): string {
    return this.text.slice(0, this.released);
  }

  private release(end: number): string {
    const out = this.text.slice(this.released, end);
    this.released = end;
    return out;
  }

  /**
   * Earliest index (at or after the released prefix) where a stop string begins, or -1. A stop
   * string cannot begin before `released`: that text was released only because no stop string
   * could start there.
   */
  private firstStop(): number {
    let best = -1;
    for (const stop of this.stops) {
      const at = this.text.indexOf(stop, this.released);
      if (at !== -1 && (best === -1 || at < best)) best = at;
    }
    return best;
  }

  /** Length of the longest unreleased suffix that is a proper prefix of some stop string. */
  private heldBack(): number {
    const maxLen = Math.min(this.longest - 1, this.text.length - this.released);
    for (let len = maxLen; len > 0; len--) {
      const suffix = this.text.slice(this.text.length - len);
      if (this.stops.some((stop) => stop.startsWith(suffix))) return len;
    }
    return 0;
  }
}
