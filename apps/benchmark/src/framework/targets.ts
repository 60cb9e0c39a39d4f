/** Whether a run met a target; `not measured` when it could not tell (a skipped or failed measurement). */
export type TargetStatus = 'met' | 'not met' | 'not measured';

/** A target an issue sets, and what this run measured against it. */
export interface TargetCheck {
  /** The issue that sets it (3 tokenizer, 4 model, 5 sampling, 6 training). */
  readonly issue: number;
  readonly description: string;
  /** The measured value, in words and units (e.g. `"2.31× (1.2 vs 2.8 ms)"`), or why there is none. */
  readonly measured: string;
  readonly status: TargetStatus;
}

/** How a measured number is compared with its threshold. */
export type Comparison = 'at least' | 'at most';

export interface NumericTarget {
  readonly issue: number;
  readonly description: string;
  readonly value: number;
  readonly comparison: Comparison;
  readonly threshold: number;
  /** The measured value as the report shows it; defaults to the number with 2 decimals. */
  readonly measured?: string;
}

/**
 * Checks a number against its threshold. A value that is not a finite number (a measurement
 * that failed or was skipped gives NaN) is `not measured`, never met, whichever the direction.
 */
export function checkTarget(target: NumericTarget): TargetCheck {
  const { issue, description, value, comparison, threshold } = target;
  if (!Number.isFinite(value)) {
    return {
      issue,
      description,
      measured: `no value${target.measured === undefined ? '' : ` (${target.measured})`}`,
      status: 'not measured',
    };
  }
  const met = comparison === 'at least' ? value >= threshold : value <= threshold;
  return { issue, description, measured: target.measured ?? value.toFixed(2), status: met ? 'met' : 'not met' };
}

/** A yes/no target (identical ids, a round trip, no full sort). */
export function checkCondition(issue: number, description: string, holds: boolean, measured: string): TargetCheck {
  return { issue, description, measured, status: holds ? 'met' : 'not met' };
}

/** A target this run does not measure, and why (e.g. quick mode shrinks the model it is about). */
export function notMeasured(issue: number, description: string, reason: string): TargetCheck {
  return { issue, description, measured: reason, status: 'not measured' };
}

/** How many targets have each status, for the report's summary line. */
export function countStatuses(targets: readonly TargetCheck[]): Record<TargetStatus, number> {
  const counts: Record<TargetStatus, number> = { met: 0, 'not met': 0, 'not measured': 0 };
  for (const target of targets) counts[target.status]++;
  return counts;
}
