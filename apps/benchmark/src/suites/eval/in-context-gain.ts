import type { TaskResult } from '@fewshot/prompting';

/** How a metric moves from zero-shot through one-shot to the largest K, averaged over tasks. */
export interface InContextGain {
  readonly zero: number;
  readonly one: number;
  readonly few: number;
  /** The K of `few`: the largest every task ran. */
  readonly fewShots: number;
  /** `few − zero`. */
  readonly gain: number;
  /** Whether one-shot lies between zero-shot and few-shot (inclusive), as the GPT-3 paper's curves do. */
  readonly oneBetween: boolean;
}

/**
 * The mean of `metric` over `results` at K = 0, 1 and the largest K they all ran: the GPT-3
 * paper's in-context learning measure. NaN values where a task lacks a run (or there are none).
 */
export function inContextGain(results: readonly TaskResult[], metric: string): InContextGain {
  const common = (k: number): boolean =>
    results.length > 0 && results.every((result) => result.runs.some((run) => run.shots === k));
  const candidates = [...new Set(results.flatMap((result) => result.runs.map((run) => run.shots)))].filter(
    (k) => k > 1 && common(k),
  );
  const fewShots = candidates.length === 0 ? Number.NaN : Math.max(...candidates);
  const mean = (k: number): number => {
    const values = results.map((result) => result.runs.find((run) => run.shots === k)?.metrics[metric] ?? Number.NaN);
    return values.length === 0 ? Number.NaN : values.reduce((sum, value) => sum + value, 0) / values.length;
  };
  const [zero, one, few] = [mean(0), mean(1), mean(fewShots)];
  return {
    zero,
    one,
    few,
    fewShots,
    gain: few - zero,
    oneBetween: Math.min(zero, few) <= one && one <= Math.max(zero, few),
  };
}
