import { type ProgressBarOptions, createProgressBar } from '@fewshot/common';
import { type DownloadProgress, createProgressMeter } from '@fewshot/hub';

export interface DownloadProgressReporter {
  readonly update: (progress: DownloadProgress) => void;
  /** Clears a bar left on the terminal. */
  readonly finish: () => void;
}

/**
 * Download progress on stderr — `model.safetensors  12.0 MB / 548.1 MB  4.2 MB/s  ETA 2:08` (see
 * `createProgressMeter` of `@fewshot/hub`) — on the progress bar of `@fewshot/common`: redrawn in
 * place on a terminal (with a bar when the size is known), else a plain line when a file starts,
 * when it is done, and at most once an interval between.
 */
export function createDownloadProgress(options: ProgressBarOptions): DownloadProgressReporter {
  const bar = createProgressBar(options);
  const meter = createProgressMeter(options.now);
  return {
    update(progress) {
      const reading = meter(progress);
      const fraction = progress.total === undefined ? undefined : progress.bytes / progress.total;
      bar.update(reading.text, { fraction, force: reading.started || reading.done });
    },
    finish: () => {
      bar.finish();
    },
  };
}
