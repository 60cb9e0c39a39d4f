/** Where progress goes: a writable text stream (stderr), told whether it is a terminal. */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** `m:ss` of a duration. */
export function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** One progress line: total elapsed time, which suite of how many, and the message. */
export function formatProgressLine(elapsedMs: number, index: number, total: number, suite: string, message: string): string {
  return `[${formatElapsed(elapsedMs)} ${index + 1}/${total} ${suite}] ${message}`;
}

/**
 * The progress display on stderr while suites run: every step a suite logs, prefixed with the
 * elapsed time and the suite's place in the run, so a long run shows where it is and how fast
 * it moves; a line when a suite ends, with its duration. On a terminal the prefix is dimmed.
 * Measurements block the event loop (WASM kernels run synchronously), so lines are written at
 * steps rather than redrawn on a timer.
 */
export class Progress {
  private readonly start: number;
  private suiteStart: number;
  private index = -1;
  private suite = '';

  constructor(
    private readonly stream: ProgressStream,
    private readonly total: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.start = now();
    this.suiteStart = this.start;
  }

  /** Marks the start of the next suite. */
  beginSuite(name: string, description: string): void {
    this.index++;
    this.suite = name;
    this.suiteStart = this.now();
    this.log(description);
  }

  /** Logs a step of the current suite. */
  readonly log = (message: string): void => {
    const line = formatProgressLine(this.now() - this.start, Math.max(0, this.index), this.total, this.suite, message);
    this.stream.write(this.stream.isTTY === true ? `\x1b[2m${line.slice(0, line.indexOf(']') + 1)}\x1b[0m${line.slice(line.indexOf(']') + 1)}\n` : `${line}\n`);
  };

  /** Marks the end of the current suite. */
  endSuite(outcome: 'done' | 'failed'): void {
    this.log(`${outcome} in ${formatElapsed(this.now() - this.suiteStart)}`);
  }
}
