import { type ProgressBar, createProgressBar, formatDuration } from '@fewshot/common';

/** Where progress goes: a writable text stream (stderr), told whether it is a terminal. */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** One progress line: total elapsed time, which suite of how many, and the message. */
export function formatProgressLine(
  elapsedMs: number,
  index: number,
  total: number,
  suite: string,
  message: string,
): string {
  return `[${formatDuration(elapsedMs / 1000)} ${index + 1}/${total} ${suite}] ${message}`;
}

/**
 * The progress display on stderr while suites run, on the progress bar of `@fewshot/common`:
 * every step a suite logs is a line that stays, prefixed with the elapsed time and the suite's
 * place in the run, so a long run shows where it is and how fast it moves; a line when a suite
 * ends, with its duration. On a terminal the prefix is dimmed and a bar below the lines counts the
 * suites done. Measurements block the event loop (WASM kernels run synchronously), so lines are
 * written at steps rather than redrawn on a timer.
 */
export class Progress {
  private readonly start: number;
  private readonly bar: ProgressBar;
  private readonly terminal: boolean;
  private suiteStart: number;
  private index = -1;
  private done = 0;
  private suite = '';

  constructor(
    stream: ProgressStream,
    private readonly total: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.start = now();
    this.suiteStart = this.start;
    this.terminal = stream.isTTY === true;
    this.bar = createProgressBar({ write: (text) => stream.write(text), interactive: this.terminal, now });
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
    const elapsed = this.now() - this.start;
    const line = formatProgressLine(elapsed, Math.max(0, this.index), this.total, this.suite, message);
    if (!this.terminal) {
      this.bar.line(line);
      return;
    }
    const prefixEnd = line.indexOf(']') + 1;
    this.bar.line(`\x1b[2m${line.slice(0, prefixEnd)}\x1b[0m${line.slice(prefixEnd)}`);
    const status = `${this.done}/${this.total} suites done  ${formatDuration(elapsed / 1000)}`;
    this.bar.update(status, { fraction: this.done / this.total });
  };

  /** Marks the end of the current suite. */
  endSuite(outcome: 'done' | 'failed'): void {
    this.done++;
    this.log(`${outcome} in ${formatDuration((this.now() - this.suiteStart) / 1000)}`);
  }

  /** Clears the bar, so the report starts on a clean line. */
  finish(): void {
    this.bar.finish();
  }
}
