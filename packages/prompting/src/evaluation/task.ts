import type { Demonstration } from '../example.js';
import { type CodeProblem, readCodeProblem } from '../code/code-problem.js';
import { PromptingError } from '../prompting-error.js';
import { type JsonRecord, RecordFields, isRecord, readJsonLines } from './json-lines.js';

/** LAMBADA (`lambada_openai` format): predict the last word of `text`. */
export interface LambadaItem {
  readonly text: string;
}

/** Multiple choice: `context` followed by one of `choices`; `gold` is the correct index. */
export interface MultipleChoiceTaskItem {
  readonly context: string;
  readonly choices: readonly string[];
  readonly gold: number;
}

/** Free-form question answering; any of `answers` is correct. */
export interface QuestionAnsweringItem {
  readonly question: string;
  readonly answers: readonly string[];
  readonly context?: string;
}

/**
 * A synthetic in-context episode: demonstrations of a mapping drawn for this item alone, and a
 * query whose answer follows from them. K-shot runs show the first K of the item's own examples.
 */
export interface EpisodeItem {
  readonly examples: readonly Demonstration[];
  readonly input: string;
  readonly output: string;
}

export type EvaluationTask =
  | {
      readonly name: string;
      readonly kind: 'lambada';
      readonly items: readonly LambadaItem[];
      readonly fewShotPool?: readonly LambadaItem[];
    }
  | {
      readonly name: string;
      readonly kind: 'multiple-choice';
      readonly items: readonly MultipleChoiceTaskItem[];
      readonly fewShotPool?: readonly MultipleChoiceTaskItem[];
    }
  | {
      readonly name: string;
      readonly kind: 'qa';
      readonly items: readonly QuestionAnsweringItem[];
      readonly fewShotPool?: readonly QuestionAnsweringItem[];
    }
  | { readonly name: string; readonly kind: 'episode'; readonly items: readonly EpisodeItem[] }
  | { readonly name: string; readonly kind: 'code'; readonly items: readonly CodeProblem[] };

export type TaskKind = EvaluationTask['kind'];

export const TASK_KINDS: readonly TaskKind[] = ['lambada', 'multiple-choice', 'qa', 'episode', 'code'];

/** The field that identifies each kind, checked in this order, and how an error describes the kind. */
const KIND_MARKERS: readonly (readonly [TaskKind, string, string])[] = [
  ['episode', 'examples', '"examples"/"input"/"output" (episode)'],
  ['lambada', 'text', '"text" (LAMBADA)'],
  ['multiple-choice', 'choices', '"context"/"choices"/"gold" (multiple choice)'],
  ['qa', 'question', '"question"/"answers" (QA)'],
  ['code', 'task_id', '"task_id"/"prompt"/"test"/"entry_point" (HumanEval code)'],
];

/**
 * Reads a task from JSON Lines. The kind is `kind` when given, else it follows from the first
 * record's fields (`examples`; `text`; `choices`; `question`; `task_id`). Every line is checked against that
 * kind, and an error names the file, the line and the field.
 */
export function parseTaskJsonl(name: string, jsonl: string, file = name, kind?: TaskKind): EvaluationTask {
  if (kind !== undefined && !TASK_KINDS.includes(kind))
    throw new PromptingError('kind', kind, `expected one of ${TASK_KINDS.join(', ')}`);
  const records = readJsonLines(jsonl, file);
  const first = records[0];
  if (first === undefined) throw new PromptingError(file, '', 'expected at least one JSON line');
  const resolvedKind = kind ?? KIND_MARKERS.find(([, marker]) => marker in first.value)?.[0];
  if (resolvedKind === undefined) {
    throw new PromptingError(
      `${file} line ${first.line}`,
      Object.keys(first.value),
      `expected the fields of a task: ${KIND_MARKERS.map(([, , fields]) => fields).join(', ')}`,
    );
  }
  const fields = (line: number) => new RecordFields(`${file} line ${line}: `);
  switch (resolvedKind) {
    case 'episode':
      return { name, kind: resolvedKind, items: records.map(({ line, value }) => readEpisode(fields(line), value)) };
    case 'lambada':
      return { name, kind: resolvedKind, items: records.map(({ line, value }) => readLambada(fields(line), value)) };
    case 'multiple-choice':
      return {
        name,
        kind: resolvedKind,
        items: records.map(({ line, value }) => readMultipleChoice(fields(line), value)),
      };
    case 'qa':
      return {
        name,
        kind: resolvedKind,
        items: records.map(({ line, value }) => readQuestionAnswering(fields(line), value)),
      };
    case 'code':
      return {
        name,
        kind: resolvedKind,
        items: records.map(({ line, value }) => readCodeProblem(fields(line), value)),
      };
  }
}

function readEpisode(fields: RecordFields, record: JsonRecord): EpisodeItem {
  const examples = record.examples;
  if (!Array.isArray(examples) || examples.length === 0)
    throw fields.error('examples', examples, 'expected a list of at least 1 {"input", "output"} objects');
  return {
    examples: examples.map((example: unknown, index) => {
      const path = `examples[${index}]`;
      if (!isRecord(example)) throw fields.error(path, example, 'expected an {"input", "output"} object');
      return {
        input: fields.string(example, 'input', `${path}.input`),
        output: fields.string(example, 'output', `${path}.output`),
      };
    }),
    input: fields.string(record, 'input'),
    output: fields.string(record, 'output'),
  };
}

function readLambada(fields: RecordFields, record: JsonRecord): LambadaItem {
  const text = fields.string(record, 'text');
  if (!/\S\s+\S+\s*$/.test(text))
    throw fields.error('text', text.slice(0, 40), 'expected a passage whose last word can be predicted');
  return { text };
}

function readMultipleChoice(fields: RecordFields, record: JsonRecord): MultipleChoiceTaskItem {
  const choices = fields.strings(record, 'choices', 2);
  const gold = record.gold;
  if (typeof gold !== 'number' || !Number.isInteger(gold) || gold < 0 || gold >= choices.length) {
    throw fields.error('gold', gold, `expected an index in 0..${choices.length - 1}`);
  }
  return { context: fields.string(record, 'context'), choices, gold };
}

function readQuestionAnswering(fields: RecordFields, record: JsonRecord): QuestionAnsweringItem {
  return {
    question: fields.string(record, 'question'),
    answers: fields.strings(record, 'answers', 1),
    ...(record.context === undefined ? {} : { context: fields.string(record, 'context') }),
  };
}
