import { type ProgressBarOptions, createProgressBar } from '@fewshot/common';
import type { EvaluationProgress } from '@fewshot/prompting';

export interface EvalProgressReporter {
  /** Reports an item done in the run of `task` with `progress.shots` demonstrations. */
  readonly update: (task: string, progress: EvaluationProgress) => void;
  /** Clears a bar left on the terminal, so the results start on a clean line. */
  readonly finish: () => void;
}

/**
 * Evaluation progress on stderr on the progress bar of `@fewshot/common`: redrawn in place on a
 * terminal (`[#####-----] lambada K=1  12/50 items`), or plain lines when stderr is a file or a
 * pipe, at most once an interval and always when a run ends.
 */
export function createEvalProgress(options: ProgressBarOptions): EvalProgressReporter {
  const bar = createProgressBar(options);
  return {
    update(task, { shots, done, total }) {
      bar.update(`${task} K=${shots}  ${done}/${total} items`, { fraction: done / total, force: done === total });
    },
    finish: () => {
      bar.finish();
    },
  };
}
