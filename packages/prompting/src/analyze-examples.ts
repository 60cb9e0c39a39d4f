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

/** One demonstration's lengths, as the seed's `analyze_pattern` lists them, and its label. */
export interface ExampleRecord {
  readonly input: string;
  readonly output: string;
  /** The output, the label a classification demonstration teaches. */
  readonly label: string;
  readonly inputLength: number;
  readonly outputLength: number;
  /** Present when a tokenizer was given. */
  readonly inputTokens?: number;
  readonly outputTokens?: number;
}

export interface ExampleAnalysis {
  readonly count: number;
  /** Per demonstration, in the order given. */
  readonly records: readonly ExampleRecord[];
  readonly input: FieldStats;
  readonly output: FieldStats;
  /** How often each distinct output occurs, most frequent first. */
  readonly labels: readonly { readonly label: string; readonly count: number }[];
  /** Rarest label count ÷ most frequent (1 = perfectly balanced). */
  readonly labelBalance: number;
}

/**
 * The patterns in a set of demonstrations: per example (the seed's `analyze_pattern` records)
 * and in aggregate, input/output lengths in characters and tokens, and the label distribution
 * (few-shot accuracy is sensitive to label imbalance among the examples).
 */
export function analyzeExamples(examples: readonly Demonstration[], tokenizer?: TokenCounter): ExampleAnalysis {
  const records = examples.map(
    ({ input, output }): ExampleRecord => ({
      input,
      output,
      label: output,
      inputLength: input.length,
      outputLength: output.length,
      ...(tokenizer === undefined
        ? {}
        : { inputTokens: tokenizer.encode(input).length, outputTokens: tokenizer.encode(output).length }),
    }),
  );
  const field = (characters: number[], tokens: (number | undefined)[]): FieldStats => ({
    characters: stats(characters),
    ...(tokenizer === undefined ? {} : { tokens: stats(tokens.map((count) => count ?? 0)) }),
  });
  const counts = new Map<string, number>();
  for (const { output } of examples) counts.set(output, (counts.get(output) ?? 0) + 1);
  const labels = [...counts]
    .map(([label, count]) => ({ label, count }))
    .sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : 1));
  const most = labels[0]?.count ?? 0;
  const least = labels.at(-1)?.count ?? 0;
  return {
    count: examples.length,
    records,
    input: field(
      records.map((record) => record.inputLength),
      records.map((record) => record.inputTokens),
    ),
    output: field(
      records.map((record) => record.outputLength),
      records.map((record) => record.outputTokens),
    ),
    labels,
    labelBalance: most === 0 ? 1 : least / most,
  };
}

function stats(values: readonly number[]): LengthStats {
  if (values.length === 0) return { min: 0, max: 0, mean: 0 };
  return {
    min: Math.min(...values),
    max: Math.max(...values),
    mean: values.reduce((sum, v) => sum + v, 0) / values.length,
  };
}
