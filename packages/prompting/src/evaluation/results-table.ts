import type { TaskResult } from './evaluate-task.js';

/**
 * A Markdown table shaped like the GPT-3 paper's: one row per task and metric, one column per
 * number of shots ("Zero-Shot", "One-Shot", "Few-Shot (K=8)").
 */
export function formatResultsTable(results: readonly TaskResult[]): string {
  const shots = [...new Set(results.flatMap((result) => result.runs.map((run) => run.shots)))].sort((a, b) => a - b);
  const header = ['Task', 'Metric', ...shots.map(shotLabel)];
  const rows = results.flatMap((result) => {
    const metrics = [...new Set(result.runs.flatMap((run) => Object.keys(run.metrics)))];
    return metrics.map((metric) => [
      result.task,
      metric,
      ...shots.map((k) => {
        const value = result.runs.find((run) => run.shots === k)?.metrics[metric];
        return value === undefined ? '–' : formatMetric(metric, value);
      }),
    ]);
  });
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n') + '\n';
}

function shotLabel(k: number): string {
  if (k === 0) return 'Zero-Shot';
  if (k === 1) return 'One-Shot';
  return `Few-Shot (K=${k})`;
}

/** Metrics that are fractions of items, shown as percentages like the paper's tables. */
const PERCENT_METRICS = new Set(['acc', 'acc_norm', 'exact_match', 'f1']);

/** Accuracies and F1 as percentages; perplexity with 2 decimals, bits per byte with 3. */
function formatMetric(metric: string, value: number): string {
  if (PERCENT_METRICS.has(metric)) return (100 * value).toFixed(1);
  return value.toFixed(metric === 'perplexity' ? 2 : 3);
}
