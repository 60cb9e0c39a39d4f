import type { ShotResult, TaskResult } from './evaluate-task.js';

/**
 * A Markdown table shaped like the GPT-3 paper's: one row per task and metric, one column per
 * number of shots ("Zero-Shot", "One-Shot", "Few-Shot (K=8)"). Rates carry their binomial
 * standard error when the run has one (`66.7 ± 27.2`).
 */
export function formatResultsTable(results: readonly TaskResult[]): string {
  const shots = [...new Set(results.flatMap((result) => result.runs.map((run) => run.shots)))].sort((a, b) => a - b);
  const rows = results.flatMap((result) => {
    const metrics = [...new Set(result.runs.flatMap((run) => Object.keys(run.metrics)))];
    return metrics.map((metric) => [
      result.task,
      metric,
      ...shots.map((k) =>
        cell(
          result.runs.find((run) => run.shots === k),
          metric,
        ),
      ),
    ]);
  });
  return markdownTable(['Task', 'Metric', ...shots.map(shotLabel)], rows);
}

/** Each kind's headline metrics, as the paper reports them (TriviaQA's accuracy is exact match). */
const HEADLINE_METRICS: Readonly<Record<TaskResult['kind'], readonly (readonly [string, string])[]>> = {
  lambada: [
    ['acc', 'acc'],
    ['perplexity', 'ppl'],
  ],
  qa: [['exact_match', 'acc']],
  bpb: [['bits_per_byte', 'BPB']],
  code: [['pass@1', 'pass@1']],
  'multiple-choice': [['acc', 'acc']],
  episode: [['exact_match', 'acc']],
};

/**
 * The layout of the GPT-3 paper's summary tables (and the seed's: LAMBADA acc and perplexity,
 * TriviaQA, Pile BPB, HumanEval pass@1): one row per task and headline metric, `Task (metric)`,
 * and exactly three columns, Zero-Shot, One-Shot and Few-Shot; a few-shot cell is the task's
 * run with the largest K above one and names it (`86.4 (K=15)`). A setting not run is `–`.
 */
export function formatPaperTable(results: readonly TaskResult[]): string {
  const rows = results.flatMap((result) => {
    const few = Math.max(-1, ...result.runs.map((run) => run.shots).filter((k) => k > 1));
    const run = (k: number) => result.runs.find((candidate) => candidate.shots === k);
    return HEADLINE_METRICS[result.kind].map(([metric, label]) => {
      const fewShot = cell(run(few), metric);
      return [
        `${result.task} (${label})`,
        cell(run(0), metric),
        cell(run(1), metric),
        fewShot === '–' ? fewShot : `${fewShot} (K=${few})`,
      ];
    });
  });
  return markdownTable(['Task', 'Zero-Shot', 'One-Shot', 'Few-Shot'], rows);
}

function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
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

/** Accuracies, F1 and pass@k as percentages (± standard error); perplexity with 2 decimals, bits per byte with 3. */
function cell(run: ShotResult | undefined, metric: string): string {
  const value = run?.metrics[metric];
  if (run === undefined || value === undefined) return '–';
  if (!PERCENT_METRICS.has(metric) && !metric.startsWith('pass@'))
    return value.toFixed(metric === 'perplexity' ? 2 : 3);
  const error = run.standardErrors?.[metric];
  return error === undefined ? (100 * value).toFixed(1) : `${(100 * value).toFixed(1)} ± ${(100 * error).toFixed(1)}`;
}
