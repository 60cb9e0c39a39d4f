import { RecordFields, readJsonLines } from '../evaluation/json-lines.js';
import { PromptingError } from '../prompting-error.js';

/** One generated completion of a problem, as human-eval's samples files hold them. */
export interface CodeSample {
  readonly taskId: string;
  readonly completion: string;
}

/** Reads JSONL `{"task_id", "completion"}` lines (several per task); errors name the file, line and field. */
export function parseCodeSamplesJsonl(jsonl: string, file = 'samples'): CodeSample[] {
  const records = readJsonLines(jsonl, file);
  if (records.length === 0) throw new PromptingError(file, '', 'expected at least one {"task_id", "completion"} line');
  return records.map(({ line, value }) => {
    const fields = new RecordFields(`${file} line ${line}: `);
    return { taskId: fields.string(value, 'task_id'), completion: fields.string(value, 'completion') };
  });
}
