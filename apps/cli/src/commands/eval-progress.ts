import type { EvaluationProgress } from '@fewshot/prompting';

export interface EvalProgressOptions {
  readonly write: (text: string) => void;
  /** Redraw one line in place (a terminal) instead of printing plain lines. */
  readonly interactive: boolean;
  /** Plain mode prints a line at most this often (ms) within a run, and always when a run ends. */
  readonly plainIntervalMs?: number;
  readonly now?: () => number;
}

export interface EvalProgressReporter {
  /** Reports an item done in the run of `task` with `progress.shots` demonstrations. */
  readonly update: (task: string, progress: EvaluationProgress) => void;
  /** Clears a bar left on the terminal, so the results start on a clean line. */
  readonly finish: () => void;
}

const BAR_WIDTH = 24;

/**
 * Reports evaluation progress on stderr: a bar redrawn in place on a terminal
 * (`[#####-----] lambada K=1  12/50`), or plain lines when stderr is a file or a pipe.
 */
export function createEvalProgress(options: EvalProgressOptions): EvalProgressReporter {
  const now = options.now ?? (() => Date.now());
  const interval = options.plainIntervalMs ?? 10_000;
  let lastPlain = -Infinity;
  let drawn = false;
  return {
    update(task, { shots, done, total }) {
      const text = `${task} K=${shots}  ${done}/${total} items`;
      if (options.interactive) {
        const filled = Math.round((BAR_WIDTH * done) / total);
        options.write(`\r\x1b[2K[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${text}`);
        drawn = true;
      } else if (done === total || now() - lastPlain >= interval) {
        lastPlain = now();
        options.write(`${text}\n`);
      }
    },
    finish() {
      if (drawn) options.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
