import type { Demonstration } from '../synthetic/demonstration.js';

/** How an episode is written as text: a demonstration per block, blocks joined by `separator`. */
export interface EpisodeFormat {
  readonly name: string;
  readonly formatExample: (example: Demonstration) => string;
  readonly separator: string;
  /** A first line before the demonstrations (a table's header). */
  readonly header?: string;
}

const labelled = (name: string, input: string, output: string, separator = '\n'): EpisodeFormat => ({
  name,
  formatExample: ({ input: x, output: y }) => `${input} ${x}\n${output} ${y}`,
  separator,
});

const inline = (name: string, between: string): EpisodeFormat => ({
  name,
  formatExample: ({ input, output }) => `${input}${between}${output}`,
  separator: '\n',
});

/**
 * The formats of the training text. `Input:`/`Output:` is exactly what `renderEpisode` and
 * @fewshot/prompting's default template write (the format every evaluation uses); the others
 * vary the labels, their casing, the layout and the separators, so that a model learns the
 * pattern of an episode rather than one format.
 */
export const EPISODE_FORMATS = {
  'input-output': labelled('input-output', 'Input:', 'Output:'),
  'input-output-lower': labelled('input-output-lower', 'input:', 'output:'),
  'input-output-upper': labelled('input-output-upper', 'INPUT:', 'OUTPUT:'),
  'q-a': labelled('q-a', 'Q:', 'A:'),
  'question-answer': labelled('question-answer', 'Question:', 'Answer:', '\n\n'),
  'in-out': labelled('in-out', 'In:', 'Out:'),
  arrow: inline('arrow', ' -> '),
  'fat-arrow': inline('fat-arrow', ' => '),
  'key-value': inline('key-value', ': '),
  equals: inline('equals', ' = '),
  tab: inline('tab', '\t'),
  table: {
    name: 'table',
    header: '| input | output |\n| --- | --- |',
    formatExample: ({ input, output }) => `| ${input} | ${output} |`,
    separator: '\n',
  },
} as const satisfies Record<string, EpisodeFormat>;

export type EpisodeFormatName = keyof typeof EPISODE_FORMATS;

/**
 * How often each format is drawn: `Input:`/`Output:` for a third of the episodes, since it is
 * the format of the evaluations and of @fewshot/prompting's default template.
 */
export const EPISODE_FORMAT_WEIGHTS: Readonly<Record<EpisodeFormatName, number>> = {
  'input-output': 11,
  'input-output-lower': 2,
  'input-output-upper': 2,
  'q-a': 3,
  'question-answer': 2,
  'in-out': 2,
  arrow: 3,
  'fat-arrow': 1,
  'key-value': 3,
  equals: 2,
  tab: 1,
  table: 2,
};

/** An episode as text in `format`. */
export function renderInFormat(examples: readonly Demonstration[], format: EpisodeFormat): string {
  const body = examples.map(format.formatExample).join(format.separator);
  return format.header === undefined ? body : `${format.header}\n${body}`;
}
