import { RecordFields, readJsonLines } from './evaluation/json-lines.js';
import type { Demonstration } from './example.js';
import { PromptingError } from './prompting-error.js';

/**
 * Reads demonstrations from JSON Lines, one `{"input", "output"}` object a line (with an optional
 * `"context"`), as the seed's examples are written; errors name the file, the line and the field.
 */
export function parseExamplesJsonl(jsonl: string, file = 'examples'): Demonstration[] {
  const records = readJsonLines(jsonl, file);
  if (records.length === 0) throw new PromptingError(file, '', 'expected at least one {"input", "output"} line');
  return records.map(({ line, value }) => {
    const fields = new RecordFields(`${file} line ${line}: `);
    return {
      input: fields.string(value, 'input'),
      output: fields.string(value, 'output'),
      ...(value.context === undefined ? {} : { context: fields.string(value, 'context') }),
    };
  });
}
