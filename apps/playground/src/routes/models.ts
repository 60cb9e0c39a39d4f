import { sendJson } from '../http/send.js';
import type { ServedModel } from '../served-model.js';
import type { RouteContext } from './route-context.js';

/** `GET /v1/models`: the served models, as OpenAI lists models (a 503 until they have loaded). */
export function handleListModels(context: RouteContext): void {
  context.host.require();
  sendJson(context.response, 200, { object: 'list', data: context.host.ready().map(modelObject) });
}

/** `GET /v1/models/{id}`: one served model, or a 404 `model_not_found`. */
export function handleGetModel(context: RouteContext, id: string): void {
  sendJson(context.response, 200, modelObject(context.host.require(id)));
}

function modelObject(served: ServedModel): Record<string, unknown> {
  return { id: served.id, object: 'model', created: served.createdAt, owned_by: 'fewshot' };
}
