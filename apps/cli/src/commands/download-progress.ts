import type { DownloadProgress } from '@fewshot/hub';

export interface DownloadProgressOptions {
  readonly write: (text: string) => void;
  /** Redraw one line in place (a terminal) instead of printing plain lines. */
  readonly interactive: boolean;
  /** Plain mode prints a line at most this often (ms) per file, and always when a file is done. */
  readonly plainIntervalMs?: number;
  readonly now?: () => number;
}

export interface DownloadProgressReporter {
  readonly update: (progress: DownloadProgress) => void;
  /** Clears a bar left on the terminal. */
  readonly finish: () => void;
}

/**
 * Download progress on stderr: `model.safetensors  12.0 MB / 548.1 MB  4.2 MB/s  ETA 2:08`, redrawn
 * in place on a terminal, else as plain lines. The rate is over the bytes of this run (a resumed
 * download starts from what it had), and the ETA the bytes left at that rate.
 */
export function createDownloadProgress(options: DownloadProgressOptions): DownloadProgressReporter {
  const now = options.now ?? (() => Date.now());
  const interval = options.plainIntervalMs ?? 10_000;
  let file = '';
  let started = 0;
  let startBytes = 0;
  let lastPlain = -Infinity;
  let drawn = false;
  return {
    update(progress) {
      if (progress.file !== file) {
        file = progress.file;
        started = now();
        startBytes = progress.bytes;
        lastPlain = -Infinity;
      }
      const seconds = (now() - started) / 1000;
      const rate = seconds > 0 ? (progress.bytes - startBytes) / seconds : 0;
      const total = progress.total === undefined ? '' : ` / ${formatBytes(progress.total)}`;
      const left = progress.total === undefined ? undefined : progress.total - progress.bytes;
      const eta = left === undefined || rate <= 0 || left <= 0 ? '' : `  ETA ${formatDuration(left / rate)}`;
      const line = `${progress.file}  ${formatBytes(progress.bytes)}${total}  ${formatBytes(rate)}/s${eta}`;
      const done = left === 0;
      if (options.interactive) {
        options.write(`\r\x1b[2K${line}`);
        drawn = true;
      } else if (done || now() - lastPlain >= interval) {
        lastPlain = now();
        options.write(`${line}\n`);
      }
    },
    finish() {
      if (drawn) options.write('\r\x1b[2K');
      drawn = false;
    },
  };
}

/** Bytes in decimal units, as the Hub shows file sizes. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${Math.round(value)} B` : `${value.toFixed(1)} ${units[unit] ?? ''}`;
}

function formatDuration(seconds: number): string {
  const whole = Math.ceil(seconds);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = String(whole % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}
