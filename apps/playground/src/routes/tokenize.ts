import { tokenText } from '@fewshot/sampling';
import { readJsonBody } from '../http/read-json-body.js';
import { rejectUnknownFields, requiredString } from '../http/request-fields.js';
import { sendJson } from '../http/send.js';
import type { RouteContext } from './route-context.js';

/** `POST /api/tokenize` `{ text }`: the model's tokens of `text`, for the page's token counter. */
export async function handleTokenize(context: RouteContext): Promise<void> {
  const served = context.host.require();
  const body = await readJsonBody(context.request, context.limits);
  rejectUnknownFields(body, new Set(['text']));
  const ids = served.tokenizer.encode(requiredString(body, 'text'), 'all');
  sendJson(context.response, 200, {
    tokens: ids.map((id) => ({ id, text: tokenText(served.tokenizer, id) })),
    count: ids.length,
    contextLength: served.model.contextLength,
  });
}
