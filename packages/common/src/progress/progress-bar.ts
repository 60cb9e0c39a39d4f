export interface ProgressBarOptions {
  /** Where the text goes (stderr, as a rule). */
  readonly write: (text: string) => void;
  /** Redraw one line in place (a terminal) instead of printing plain lines (a file or a pipe). */
  readonly interactive: boolean;
  /** Plain mode prints an update at most this often (ms), besides the first and forced ones. Default 10 s. */
  readonly plainIntervalMs?: number;
  /** Width of the bar in characters. Default 24. */
  readonly width?: number;
  /** The clock, in milliseconds. */
  readonly now?: () => number;
}

export interface ProgressBar {
  /**
   * The state now: `text`, after a bar `[#####-----]` when `fraction` (0..1) is known (finite). On a
   * terminal it replaces the line drawn before; in plain mode it is printed as a line when it is
   * the first, when `force` is set (a file started or finished) or when the interval has passed.
   */
  update(text: string, options?: { readonly fraction?: number; readonly force?: boolean }): void;
  /** A line that stays (a result, a checkpoint): printed above the bar, which is drawn again below it. */
  line(text: string): void;
  /** Clears the bar from the terminal, so what follows starts on a clean line. */
  finish(): void;
}

const CLEAR_LINE = '\r\x1b[2K';

/**
 * The progress display of every long task (downloads, training, evaluation, benchmarks): one line
 * redrawn in place on a terminal, plain lines at a modest rate when the output is a log file, so
 * the same command reads well in both without a flag.
 */
export function createProgressBar(options: ProgressBarOptions): ProgressBar {
  const now = options.now ?? (() => Date.now());
  const interval = options.plainIntervalMs ?? 10_000;
  const width = options.width ?? 24;
  let lastPlain = -Infinity;
  let drawn: string | undefined;
  return {
    update(text, { fraction, force = false } = {}) {
      if (options.interactive) {
        const known = fraction !== undefined && Number.isFinite(fraction);
        const filled = known ? Math.round(width * Math.min(1, Math.max(0, fraction))) : 0;
        drawn = known ? `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${text}` : text;
        options.write(`${CLEAR_LINE}${drawn}`);
      } else if (force || now() - lastPlain >= interval) {
        lastPlain = now();
        options.write(`${text}\n`);
      }
    },
    line(text) {
      if (drawn === undefined) {
        options.write(`${text}\n`);
        return;
      }
      options.write(`${CLEAR_LINE}${text}\n${drawn}`);
    },
    finish() {
      if (drawn !== undefined) options.write(CLEAR_LINE);
      drawn = undefined;
    },
  };
}
