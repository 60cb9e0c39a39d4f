import { type ProgressBarOptions, createProgressBar, formatDuration } from '@fewshot/common';
import type { TrainEvent } from '@fewshot/training';

export interface ProgressOptions extends ProgressBarOptions {
  /** The step the run starts from (a resumed run's), for the time left. */
  readonly startStep: number;
}

/**
 * Reports training progress on stderr on the progress bar of `@fewshot/common`: a live bar (step,
 * loss, validation loss, tokens/s, ETA) redrawn in place on a terminal, or plain lines when stderr
 * is a file or a pipe; evaluations and checkpoints are lines that stay.
 */
export function createProgressReporter(options: ProgressOptions): {
  onEvent: (event: TrainEvent) => void;
  finish: () => void;
} {
  const now = options.now ?? (() => Date.now());
  const started = now();
  const bar = createProgressBar(options);
  let lastValid: number | undefined;
  return {
    onEvent(event) {
      switch (event.type) {
        case 'step': {
          const { record, totalSteps, tokensPerSecond } = event;
          const done = record.step - options.startStep;
          const elapsed = (now() - started) / 1000;
          const eta = done > 0 ? (elapsed / done) * (totalSteps - record.step) : Number.NaN;
          const parts = [
            `step ${record.step}/${totalSteps}`,
            `loss ${record.loss.toFixed(4)}`,
            ...(lastValid === undefined ? [] : [`valid ${lastValid.toFixed(4)}`]),
            `lr ${record.learningRate.toExponential(2)}`,
            `${Math.round(tokensPerSecond).toLocaleString('en-US')} tok/s`,
            `ETA ${formatDuration(eta)}`,
          ];
          bar.update(parts.join('  '), { fraction: record.step / totalSteps, force: record.step === totalSteps });
          return;
        }
        case 'evaluation': {
          const { record } = event;
          lastValid = record.loss;
          const bpb = record.bitsPerByte === null ? '' : `  ${record.bitsPerByte.toFixed(4)} bits/byte`;
          bar.line(
            `eval step ${record.step}: loss ${record.loss.toFixed(4)} ` +
              ` perplexity ${record.perplexity.toFixed(2)}${bpb}`,
          );
          return;
        }
        case 'checkpoint':
          bar.line(`checkpoint step ${event.step}: ${event.directory}`);
          return;
      }
    },
    finish: () => {
      bar.finish();
    },
  };
}
