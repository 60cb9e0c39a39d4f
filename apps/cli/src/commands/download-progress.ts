import { type DownloadProgress, createProgressMeter } from '@fewshot/hub';

export interface DownloadProgressOptions {
  readonly write: (text: string) => void;
  /** Redraw one line in place (a terminal) instead of printing plain lines. */
  readonly interactive: boolean;
  /** Plain mode prints a line at most this often (ms) per file, and always when a file starts or is done. */
  readonly plainIntervalMs?: number;
  readonly now?: () => number;
}

export interface DownloadProgressReporter {
  readonly update: (progress: DownloadProgress) => void;
  /** Clears a bar left on the terminal. */
  readonly finish: () => void;
}

/**
 * Download progress on stderr — `model.safetensors  12.0 MB / 548.1 MB  4.2 MB/s  ETA 2:08` (see
 * `createProgressMeter` of `@fewshot/hub`) — redrawn in place on a terminal, else as plain lines.
 */
export function createDownloadProgress(options: DownloadProgressOptions): DownloadProgressReporter {
  const now = options.now ?? (() => Date.now());
  const meter = createProgressMeter(now);
  const interval = options.plainIntervalMs ?? 10_000;
  let lastPlain = -Infinity;
  let drawn = false;
  return {
    update(progress) {
      const reading = meter(progress);
      if (options.interactive) {
        options.write(`\r\x1b[2K${reading.text}`);
        drawn = true;
      } else if (reading.started || reading.done || now() - lastPlain >= interval) {
        lastPlain = now();
        options.write(`${reading.text}\n`);
      }
    },
    finish() {
      if (drawn) options.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
