import { ApiError } from '../http/api-error.js';
import { sendJson } from '../http/send.js';
import type { ServedModel } from '../served-model.js';
import type { RouteContext } from './route-context.js';

/** `GET /v1/models`: the one served model, as OpenAI lists models. */
export function handleListModels(context: RouteContext): void {
  sendJson(context.response, 200, { object: 'list', data: [modelObject(context.host.require())] });
}

/** `GET /v1/models/{id}`. */
export function handleGetModel(context: RouteContext, id: string): void {
  const served = context.host.require();
  if (id !== served.id) throw new ApiError(404, `The model \`${id}\` does not exist; this server serves \`${served.id}\``, 'not_found_error', 'model', 'model_not_found');
  sendJson(context.response, 200, modelObject(served));
}

function modelObject(served: ServedModel): Record<string, unknown> {
  return { id: served.id, object: 'model', created: served.createdAt, owned_by: 'fewshot' };
}
