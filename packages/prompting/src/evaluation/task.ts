import { PromptingError } from '../prompting-error.js';

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

export type EvaluationTask =
  | { readonly name: string; readonly kind: 'lambada'; readonly items: readonly LambadaItem[]; readonly fewShotPool?: readonly LambadaItem[] }
  | { readonly name: string; readonly kind: 'multiple-choice'; readonly items: readonly MultipleChoiceTaskItem[]; readonly fewShotPool?: readonly MultipleChoiceTaskItem[] }
  | { readonly name: string; readonly kind: 'qa'; readonly items: readonly QuestionAnsweringItem[]; readonly fewShotPool?: readonly QuestionAnsweringItem[] };

export type TaskKind = EvaluationTask['kind'];

/**
 * Reads a task from JSON Lines; the kind follows from the first record's fields (`text`;
 * `context`/`choices`/`gold`; `question`/`answers`). Every line is checked, and an error names
 * the file, the line and the field.
 */
export function parseTaskJsonl(name: string, jsonl: string, file = name): EvaluationTask {
  const records: { line: number; value: Record<string, unknown> }[] = [];
  jsonl.split('\n').forEach((raw, index) => {
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      throw new PromptingError(`${file} line ${index + 1}`, raw.slice(0, 40), `not valid JSON (${(error as Error).message})`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new PromptingError(`${file} line ${index + 1}`, value, 'expected a JSON object');
    }
    records.push({ line: index + 1, value: value as Record<string, unknown> });
  });
  const first = records[0];
  if (first === undefined) throw new PromptingError(file, '', 'expected at least one JSON line');
  const at = (line: number, field: string) => `${file} line ${line}: ${field}`;
  const string = (line: number, record: Record<string, unknown>, field: string): string => {
    const value = record[field];
    if (typeof value !== 'string') throw new PromptingError(at(line, field), value, 'expected a string');
    return value;
  };
  const strings = (line: number, record: Record<string, unknown>, field: string, min: number): string[] => {
    const value = record[field];
    if (!Array.isArray(value) || value.length < min || !value.every((v) => typeof v === 'string')) {
      throw new PromptingError(at(line, field), value, `expected a list of at least ${min} strings`);
    }
    return value;
  };

  if ('text' in first.value) {
    const items = records.map(({ line, value }) => {
      const text = string(line, value, 'text');
      if (!/\S\s+\S+\s*$/.test(text)) throw new PromptingError(at(line, 'text'), text.slice(0, 40), 'expected a passage whose last word can be predicted');
      return { text };
    });
    return { name, kind: 'lambada', items };
  }
  if ('choices' in first.value) {
    const items = records.map(({ line, value }) => {
      const choices = strings(line, value, 'choices', 2);
      const gold = value.gold;
      if (typeof gold !== 'number' || !Number.isInteger(gold) || gold < 0 || gold >= choices.length) {
        throw new PromptingError(at(line, 'gold'), gold, `expected an index in 0..${choices.length - 1}`);
      }
      return { context: string(line, value, 'context'), choices, gold };
    });
    return { name, kind: 'multiple-choice', items };
  }
  if ('question' in first.value) {
    const items = records.map(({ line, value }) => ({
      question: string(line, value, 'question'),
      answers: strings(line, value, 'answers', 1),
      ...(value.context === undefined ? {} : { context: string(line, value, 'context') }),
    }));
    return { name, kind: 'qa', items };
  }
  throw new PromptingError(`${file} line ${first.line}`, Object.keys(first.value), 'expected the fields of a task: "text" (LAMBADA), "context"/"choices"/"gold" (multiple choice) or "question"/"answers" (QA)');
}
