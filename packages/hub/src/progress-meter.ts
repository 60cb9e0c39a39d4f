import { formatBytes, formatDuration } from '@fewshot/common';
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
