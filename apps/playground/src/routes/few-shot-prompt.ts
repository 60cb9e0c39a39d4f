import { type Demonstration, PromptingError, buildFewShotPrompt } from '@fewshot/prompting';
import { ApiError } from '../http/api-error.js';
import { readJsonBody } from '../http/read-json-body.js';
import {
  type RequestBody,
  describe,
  optionalNumber,
  optionalString,
  rejectUnknownFields,
  requiredString,
} from '../http/request-fields.js';
import { sendJson } from '../http/send.js';
import type { RouteContext } from './route-context.js';

/**
 * `POST /api/fewshot` `{ description?, examples, query, shots?, reserve_tokens? }`: the exact
 * prompt `buildFewShotPrompt` assembles (demonstrations dropped from the far end when the context
 * is short), with its token count under the served model's tokenizer.
 */
export async function handleFewShotPrompt(context: RouteContext): Promise<void> {
  const served = context.host.require();
  const body = await readJsonBody(context.request, context.limits);
  rejectUnknownFields(body, new Set(['description', 'examples', 'query', 'shots', 'reserve_tokens']));
  const description = optionalString(body, 'description');
  const examples = readExamples(body);
  const query = requiredString(body, 'query');
  const shots = optionalNumber(body, 'shots', { min: 0, integer: true });
  const reserveTokens = optionalNumber(body, 'reserve_tokens', { min: 0, integer: true }) ?? 16;
  try {
    const built = buildFewShotPrompt({
      ...(description === undefined || description === '' ? {} : { description }),
      examples,
      query,
      ...(shots === undefined ? {} : { shots }),
      tokenizer: { encode: (text) => served.tokenizer.encode(text, 'all') },
      maxTokens: served.model.contextLength,
      reserveTokens,
    });
    sendJson(context.response, 200, {
      prompt: built.prompt,
      tokenCount: built.tokenCount,
      contextLength: served.model.contextLength,
      shotsRequested: built.shotsRequested,
      shotsUsed: built.shotsUsed,
      stop: built.stop,
    });
  } catch (error) {
    if (error instanceof PromptingError) throw ApiError.invalid(error.field, error.message);
    throw error;
  }
}

function readExamples(body: RequestBody): Demonstration[] {
  const examples = body.examples ?? [];
  if (!Array.isArray(examples))
    throw ApiError.invalid(
      'examples',
      `examples = ${describe(examples)} is invalid: expected a list of { input, output }`,
    );
  return examples.map((example: unknown, i) => {
    const item = (typeof example === 'object' && example !== null ? example : {}) as RequestBody;
    const field = (name: 'input' | 'output'): string => {
      const value = item[name];
      if (typeof value !== 'string')
        throw ApiError.invalid(
          `examples[${i}].${name}`,
          `examples[${i}].${name} = ${describe(value)} is invalid: expected a string`,
        );
      return value;
    };
    return { input: field('input'), output: field('output') };
  });
}
