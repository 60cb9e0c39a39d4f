import type { TargetCheck } from './targets.js';
import type { SuiteHeap } from './wasm-heap-watch.js';

export type { TargetCheck } from './targets.js';

/** Options every suite receives. */
export interface SuiteOptions {
  /** A reduced run (smaller inputs, fewer repeats) that finishes within about a minute. */
  readonly quick: boolean;
  /** Progress lines go here. */
  readonly log: (line: string) => void;
  /** Eval suite: examples per task, when the command line set it. */
  readonly limit?: number | undefined;
  /**
   * The default model as `--model` named it — a checkpoint directory or a Hub repo `org/name[@rev]` — else
   * @fewshot/mini's.
   */
  readonly modelDirectory?: string | undefined;
  /** Results of the suites that ran before this one in the same run (a suite may reuse their figures). */
  readonly earlier: readonly SuiteResult[];
}

/** What a suite reports: tables for people, raw data for tools. */
export interface SuiteResult {
  readonly suite: string;
  /** Free-form facts about the inputs (e.g. corpus size). */
  readonly inputs: Readonly<Record<string, string | number>>;
  /** Markdown-ready tables: a header row then data rows. */
  readonly tables: readonly { readonly title: string; readonly rows: readonly (readonly string[])[] }[];
  readonly targets: readonly TargetCheck[];
  /** Everything measured, for report.json. */
  readonly data: unknown;
  /** Caveats a reader must know (e.g. random weights in place of a missing checkpoint). */
  readonly notes?: readonly string[];
  /** Extra files for the report directory (e.g. SVG charts), named relative to it. */
  readonly files?: readonly { readonly name: string; readonly content: string }[];
  /** The WASM heap over the suite, filled in by the runner (absent when the WASM backend had not started). */
  readonly heap?: SuiteHeap;
}

/** A benchmark suite (tokenizer, model, sampling, ...). */
export interface Suite {
  readonly name: string;
  readonly description: string;
  run(options: SuiteOptions): Promise<SuiteResult>;
}
