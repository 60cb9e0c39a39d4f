import type { DownloadProgress } from './download-file.js';

/** One progress report made readable. */
export interface ProgressReading {
  /** `model.safetensors  12.0 MB / 548.1 MB  4.2 MB/s  ETA 2:08` (no total or ETA when the size is unknown). */
  readonly text: string;
  /** Bytes per second over this run of the file (a resumed download starts from what it had). */
  readonly rate: number;
  /** Seconds left at that rate, when the size is known and bytes are coming. */
  readonly etaSeconds: number | undefined;
  /** This report started a new file. */
  readonly started: boolean;
  /** The file is complete. */
  readonly done: boolean;
}

/**
 * Turns `onProgress` reports into bytes, rate and time left, for a terminal line (the CLI) or a
 * status message (the playground). `now` is the clock in milliseconds.
 */
export function createProgressMeter(
  now: () => number = () => Date.now(),
): (progress: DownloadProgress) => ProgressReading {
  let file = '';
  let startedAt = 0;
  let startBytes = 0;
  return (progress) => {
    const started = progress.file !== file;
    if (started) {
      file = progress.file;
      startedAt = now();
      startBytes = progress.bytes;
    }
    const seconds = (now() - startedAt) / 1000;
    const rate = seconds > 0 ? (progress.bytes - startBytes) / seconds : 0;
    const left = progress.total === undefined ? undefined : progress.total - progress.bytes;
    const etaSeconds = left === undefined || rate <= 0 || left <= 0 ? undefined : left / rate;
    const total = progress.total === undefined ? '' : ` / ${formatBytes(progress.total)}`;
    const eta = etaSeconds === undefined ? '' : `  ETA ${formatDuration(etaSeconds)}`;
    return {
      text: `${progress.file}  ${formatBytes(progress.bytes)}${total}  ${formatBytes(rate)}/s${eta}`,
      rate,
      etaSeconds,
      started,
      done: left === 0,
    };
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

/** `m:ss`, or `h:mm:ss` past an hour. */
function formatDuration(seconds: number): string {
  const whole = Math.ceil(seconds);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = String(whole % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}
