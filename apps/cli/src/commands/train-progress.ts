import type { TrainEvent } from '@fewshot/training';

export interface ProgressOptions {
  readonly write: (text: string) => void;
  /** Redraw one line in place (a terminal) instead of printing plain lines. */
  readonly interactive: boolean;
  readonly startStep: number;
  /** Plain mode prints a step line at most this often (ms), besides evaluations and checkpoints. */
  readonly plainIntervalMs?: number;
  readonly now?: () => number;
}

const BAR_WIDTH = 24;

/**
 * Reports training progress on stderr: a live bar (step, loss, validation loss, tokens/s, ETA)
 * redrawn in place on a terminal, or plain lines when stderr is a file or a pipe.
 */
export function createProgressReporter(options: ProgressOptions): { onEvent: (event: TrainEvent) => void; finish: () => void } {
  const now = options.now ?? (() => Date.now());
  const interval = options.plainIntervalMs ?? 10_000;
  const started = now();
  let lastPlain = -Infinity;
  let lastValid: number | undefined;
  let drawn = false;
  const clear = (): void => {
    if (drawn) options.write('\r\x1b[2K');
    drawn = false;
  };
  const line = (text: string): void => {
    clear();
    options.write(`${text}\n`);
  };
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
          if (options.interactive) {
            const filled = Math.round((BAR_WIDTH * record.step) / totalSteps);
            options.write(`\r\x1b[2K[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${parts.join('  ')}`);
            drawn = true;
          } else if (now() - lastPlain >= interval || record.step === totalSteps) {
            lastPlain = now();
            line(parts.join('  '));
          }
          return;
        }
        case 'evaluation': {
          const { record } = event;
          lastValid = record.loss;
          const bpb = record.bitsPerByte === null ? '' : `  ${record.bitsPerByte.toFixed(4)} bits/byte`;
          line(`eval step ${record.step}: loss ${record.loss.toFixed(4)}  perplexity ${record.perplexity.toFixed(2)}${bpb}`);
          return;
        }
        case 'checkpoint':
          line(`checkpoint step ${event.step}: ${event.directory}`);
          return;
      }
    },
    finish: clear,
  };
}

/** `1h02m`, `4m05s`, `12s`; `?` when unknown. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const whole = Math.round(seconds);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const secs = whole % 60;
  if (hours > 0) return `${hours}h${String(minutes).padStart(2, '0')}m`;
  if (minutes > 0) return `${minutes}m${String(secs).padStart(2, '0')}s`;
  return `${secs}s`;
}
