import type { Demonstration, Example } from './example.js';
import { PromptingError } from './prompting-error.js';

/**
 * How examples and the query are written into a prompt. The query is written exactly like a
 * demonstration up to where its answer would start, so the model continues the pattern.
 */
export interface PromptTemplate {
  readonly name: string;
  /** A demonstration, answer included. */
  formatExample(example: Demonstration): string;
  /** The query, ending where the answer begins (e.g. `Output:`). */
  formatQuery(query: Example): string;
  /** Between the description and each example block. */
  readonly separator: string;
  /** Where a generated answer ends (pass to the sampler's stop sequences). */
  readonly stop: readonly string[];
}

/** The seed's format: `Input: …` / `Output: …` lines, then `Input: <query>` and a trailing `Output:`. */
export const inputOutputTemplate: PromptTemplate = {
  name: 'input-output',
  formatExample: (example) => `Input: ${example.input}\nOutput: ${example.output}`,
  formatQuery: (query) => `Input: ${query.input}\nOutput:`,
  separator: '\n',
  stop: ['\n'],
};

/** A template whose answers come from a fixed label set. */
export interface ClassificationTemplate extends PromptTemplate {
  /** The answer choices: rank them by in-context scoring, or generate and match. */
  readonly labels: readonly string[];
}

/** Classification in the seed's line format, carrying its label set for scoring. */
export function classificationTemplate(labels: readonly string[]): ClassificationTemplate {
  if (labels.length < 2 || new Set(labels).size !== labels.length) {
    throw new PromptingError('labels', labels, 'expected at least two distinct labels');
  }
  return { ...inputOutputTemplate, name: 'classification', labels: [...labels] };
}

/** Reading comprehension: `Context:` / `Question:` / `Answer:` blocks separated by blank lines. */
export const questionAnsweringTemplate: PromptTemplate = {
  name: 'question-answering',
  formatExample: (example) => `${contextLine(example)}Question: ${example.input}\nAnswer: ${example.output}`,
  formatQuery: (query) => `${contextLine(query)}Question: ${query.input}\nAnswer:`,
  separator: '\n\n',
  stop: ['\n'],
};

/**
 * Closed-book question answering in the GPT-3 paper's TriviaQA format: `Q: …` then `A: …`, one
 * question per block, no passage (a context, when an example has one, is not shown).
 */
export const closedBookQaTemplate: PromptTemplate = {
  name: 'closed-book-qa',
  formatExample: (example) => `Q: ${example.input}\nA: ${example.output}`,
  formatQuery: (query) => `Q: ${query.input}\nA:`,
  separator: '\n\n',
  stop: ['\n'],
};

function contextLine(example: Example): string {
  return example.context === undefined ? '' : `Context: ${example.context}\n`;
}

/** Code generation: a comment describing the code, then the code; an answer ends at a blank line. */
export function codeTemplate(language: string, commentPrefix = '//'): PromptTemplate {
  return {
    name: 'code',
    formatExample: (example) => `${commentPrefix} ${language} code for: ${example.input}\n${example.output}`,
    formatQuery: (query) => `${commentPrefix} ${language} code for: ${query.input}\n`,
    separator: '\n\n',
    stop: ['\n\n'],
  };
}
