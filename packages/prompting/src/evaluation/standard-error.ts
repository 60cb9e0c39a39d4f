/** Metrics that average a 0/1 outcome per item, so their spread is binomial. */
const BINOMIAL_METRICS = new Set(['acc', 'acc_norm', 'exact_match', 'pass@1']);

/**
 * The binomial standard error of a rate p measured over n items, √(p(1−p)/n), as
 * lm-evaluation-harness reports `acc_stderr`. For pass@1 estimated from several samples per
 * problem each item's value lies in [0, 1] rather than {0, 1}, and this is an upper bound.
 */
export function binomialStandardError(p: number, n: number): number {
  return n > 0 ? Math.sqrt((p * (1 - p)) / n) : Number.NaN;
}

/** The standard error of each binomial metric of a run over `items` items. */
export function standardErrors(metrics: Readonly<Record<string, number>>, items: number): Record<string, number> {
  return Object.fromEntries(
    Object.entries(metrics)
      .filter(([metric]) => BINOMIAL_METRICS.has(metric) && items > 0)
      .map(([metric, value]) => [metric, binomialStandardError(value, items)]),
  );
}
