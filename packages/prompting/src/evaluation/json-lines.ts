import { PromptingError } from '../prompting-error.js';

export type JsonRecord = Readonly<Record<string, unknown>>;

/** The JSON objects of a JSON Lines text with their 1-based line numbers; blank lines are skipped. */
export function readJsonLines(jsonl: string, file: string): { line: number; value: JsonRecord }[] {
  const records: { line: number; value: JsonRecord }[] = [];
  jsonl.split('\n').forEach((raw, index) => {
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      throw new PromptingError(
        `${file} line ${index + 1}`,
        raw.slice(0, 40),
        `not valid JSON (${(error as Error).message})`,
      );
    }
    if (!isRecord(value)) throw new PromptingError(`${file} line ${index + 1}`, value, 'expected a JSON object');
    records.push({ line: index + 1, value });
  });
  return records;
}

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Typed field access whose errors are prefixed with where the record is (`file line N: `). */
export class RecordFields {
  constructor(private readonly where: string) {}

  string(record: JsonRecord, field: string, path = field): string {
    const value = record[field];
    if (typeof value !== 'string') throw this.error(path, value, 'expected a string');
    return value;
  }

  strings(record: JsonRecord, field: string, min: number): string[] {
    const value = record[field];
    if (!Array.isArray(value) || value.length < min || !value.every((v) => typeof v === 'string')) {
      throw this.error(field, value, `expected a list of at least ${min} strings`);
    }
    return value;
  }

  error(path: string, value: unknown, allowed: string): PromptingError {
    return new PromptingError(`${this.where}${path}`, value, allowed);
  }
}
