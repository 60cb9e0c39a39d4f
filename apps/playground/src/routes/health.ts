import { redactPaths } from '../http/redact-paths.js';
import { sendJson } from '../http/send.js';
import type { RouteContext } from './route-context.js';

/**
 * `GET /health`: 200 once the model serves (it passed its self-check), 503 while it loads or after
 * it failed to load or to generate.
 */
export function handleHealth(context: RouteContext): void {
  const { state } = context.host;
  switch (state.status) {
    case 'ready':
      sendJson(context.response, 200, {
        status: 'ok',
        model: state.served.id,
        models: context.host.ready().map((served) => served.id),
      });
      return;
    case 'loading':
      sendJson(context.response, 503, { status: 'loading' }, { 'Retry-After': '2' });
      return;
    case 'failed':
      sendJson(context.response, 503, { status: 'failed', error: redactPaths(state.error.message) });
      return;
  }
}
