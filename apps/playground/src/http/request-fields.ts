import { ApiError } from './api-error.js';

/** A JSON request body, its fields read with checks that name the field in every error. */
export type RequestBody = Readonly<Record<string, unknown>>;

export interface NumberRange {
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
}

/** `body[name]` as a number in range; `undefined` when absent or null (OpenAI treats null as unset). */
export function optionalNumber(body: RequestBody, name: string, range: NumberRange = {}): number | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  const { min, max, integer = false } = range;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (!integer || Number.isInteger(value)) &&
    (min === undefined || value >= min) &&
    (max === undefined || value <= max);
  if (!ok) throw ApiError.invalid(name, `${name} = ${describe(value)} is invalid: expected ${describeRange(range)}`);
  return value;
}

export function optionalBoolean(body: RequestBody, name: string): boolean | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean')
    throw ApiError.invalid(name, `${name} = ${describe(value)} is invalid: expected true or false`);
  return value;
}

export function optionalString(body: RequestBody, name: string, maxLength = Infinity): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length > maxLength) {
    const limit = maxLength === Infinity ? '' : ` of at most ${maxLength} characters`;
    throw ApiError.invalid(name, `${name} = ${describe(value)} is invalid: expected a string${limit}`);
  }
  return value;
}

export function requiredString(body: RequestBody, name: string, maxLength = Infinity): string {
  const value = optionalString(body, name, maxLength);
  if (value === undefined) throw ApiError.invalid(name, `${name} is required: expected a string`);
  return value;
}

/** Refuses fields outside `known`, as OpenAI does, so a misspelt parameter is not silently ignored. */
export function rejectUnknownFields(body: RequestBody, known: ReadonlySet<string>): void {
  for (const name of Object.keys(body)) {
    if (!known.has(name)) throw ApiError.invalid(name, `Unrecognized request argument supplied: ${name}`);
  }
}

/** A value as it appears in an error message: JSON, cut to 80 characters. */
export function describe(value: unknown): string {
  const json = JSON.stringify(value) as string | undefined;
  if (json === undefined) return String(value);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

function describeRange({ min, max, integer = false }: NumberRange): string {
  const kind = integer ? 'an integer' : 'a number';
  if (min !== undefined && max !== undefined) return `${kind} in [${min}, ${max}]`;
  if (min !== undefined) return `${kind} ≥ ${min}`;
  if (max !== undefined) return `${kind} ≤ ${max}`;
  return kind;
}
