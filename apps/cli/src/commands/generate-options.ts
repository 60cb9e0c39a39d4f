import { describeValue } from '@fewshot/common';
import type { GenerationOptionError, GenerationOptions } from '@fewshot/sampling';
import { UsageError } from '../io.js';
import { LIST_FLAGS, NUMERIC_FLAGS, type NumericFlag, TEXT_FLAGS, type TextFlag } from './sampling-options.js';

export type SamplingFlagValues = Partial<Record<NumericFlag | TextFlag, string>> & {
  readonly stop?: string[] | undefined;
  readonly 'logit-bias'?: string[] | undefined;
  readonly greedy?: boolean | undefined;
};

/** Turns the sampling flags into `GenerationOptions` (only the flags that were given). */
export function generationOptionsFromFlags(values: SamplingFlagValues): GenerationOptions {
  const options: Record<string, unknown> = {};
  for (const [flag, option] of Object.entries(NUMERIC_FLAGS)) {
    const text = values[flag as NumericFlag];
    if (text !== undefined) options[option] = parseNumber(flag, text);
  }
  for (const [flag, option] of Object.entries(TEXT_FLAGS)) {
    const text = values[flag as TextFlag];
    if (text !== undefined) options[option] = text;
  }
  if (values.stop !== undefined) options.stop = values.stop.map(unescapeStop);
  if (values['logit-bias'] !== undefined) options.logitBias = parseLogitBias(values['logit-bias']);
  if (values.greedy === true) {
    if (values.temperature !== undefined)
      throw new UsageError('give --greedy or --temperature, not both (--greedy is --temperature 0)');
    options.temperature = 0;
  }
  return options;
}

/**
 * Restates a sampling package error in terms of the flag the user typed, e.g.
 * `topP = 0 is invalid: expected a number in (0, 1]` → `--top-p 0 is invalid: expected a number in (0, 1]`.
 * `promptFlag` is the flag the prompt came from (`--prompt` or `--ids`).
 */
export function flagError(error: GenerationOptionError, promptFlag: string): UsageError {
  const parameter = error.field.replace(/[[ ].*$/, '');
  const flag = parameter === 'prompt' ? promptFlag : flagOf(parameter);
  return new UsageError(`${flag} ${describeValue(error.value)} is invalid: ${error.allowed}`);
}

function flagOf(parameter: string): string {
  const tables: Record<string, string>[] = [NUMERIC_FLAGS, TEXT_FLAGS, LIST_FLAGS];
  for (const table of tables) {
    const flag = Object.entries(table).find(([, option]) => option === parameter)?.[0];
    if (flag !== undefined) return `--${flag}`;
  }
  // Options the CLI sets itself, e.g. eosTokenId from the checkpoint's config.json.
  return parameter;
}

function parseNumber(flag: string, text: string): number {
  const value = Number(text);
  // Number('') and Number(' ') are 0; neither is a number the user wrote.
  if (text.trim() === '' || Number.isNaN(value))
    throw new UsageError(`--${flag} ${JSON.stringify(text)} is invalid: expected a number`);
  return value;
}

/**
 * `--stop '\n'` means a newline: a shell passes a backslash and an n, and a real newline is
 * awkward to type, while stopping at the end of a line is the most common few-shot stop.
 * `\n`, `\t` and `\\` are unescaped; any other backslash stays as it is.
 */
function unescapeStop(text: string): string {
  return text.replace(/\\([nt\\])/g, (_, letter: string) => (letter === 'n' ? '\n' : letter === 't' ? '\t' : '\\'));
}

/** `--logit-bias ID:BIAS`, repeatable: 50256:-100 bans the end-of-text token. */
function parseLogitBias(entries: readonly string[]): Map<number, number> {
  const bias = new Map<number, number>();
  for (const entry of entries) {
    const match = /^\s*(\d+)\s*:\s*(\S+)\s*$/.exec(entry);
    const value = Number(match?.[2]);
    if (match === null || Number.isNaN(value)) {
      throw new UsageError(`--logit-bias ${JSON.stringify(entry)} is invalid: expected TOKEN_ID:BIAS, e.g. 50256:-100`);
    }
    bias.set(Number(match[1]), value);
  }
  return bias;
}
