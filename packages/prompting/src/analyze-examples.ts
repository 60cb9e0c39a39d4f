import type { Demonstration, TokenCounter } from './example.js';

export interface LengthStats {
  readonly min: number;
  readonly max: number;
  readonly mean: number;
}

export interface FieldStats {
  /** In UTF-16 code units, as `String.length` counts. */
  readonly characters: LengthStats;
  /** Present when a tokenizer was given. */
  readonly tokens?: LengthStats;
}

export interface ExampleAnalysis {
  readonly count: number;
  readonly input: FieldStats;
  readonly output: FieldStats;
  /** How often each distinct output occurs, most frequent first. */
  readonly labels: readonly { readonly label: string; readonly count: number }[];
  /** Rarest label count ÷ most frequent (1 = perfectly balanced). */
  readonly labelBalance: number;
}

/**
 * The patterns in a set of demonstrations: input/output lengths in characters and tokens, and
 * the label distribution (few-shot accuracy is sensitive to label imbalance among the examples).
 */
export function analyzeExamples(examples: readonly Demonstration[], tokenizer?: TokenCounter): ExampleAnalysis {
  const field = (texts: string[]): FieldStats => ({
    characters: stats(texts.map((text) => text.length)),
    ...(tokenizer === undefined ? {} : { tokens: stats(texts.map((text) => tokenizer.encode(text).length)) }),
  });
  const counts = new Map<string, number>();
  for (const { output } of examples) counts.set(output, (counts.get(output) ?? 0) + 1);
  const labels = [...counts].map(([label, count]) => ({ label, count })).sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : 1));
  const most = labels[0]?.count ?? 0;
  const least = labels.at(-1)?.count ?? 0;
  return {
    count: examples.length,
    input: field(examples.map((example) => example.input)),
    output: field(examples.map((example) => example.output)),
    labels,
    labelBalance: most === 0 ? 1 : least / most,
  };
}

function stats(values: readonly number[]): LengthStats {
  if (values.length === 0) return { min: 0, max: 0, mean: 0 };
  return { min: Math.min(...values), max: Math.max(...values), mean: values.reduce((sum, v) => sum + v, 0) / values.length };
}
