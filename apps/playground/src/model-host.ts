import { ApiError } from './http/api-error.js';
import { redactPaths } from './http/redact-paths.js';
import { checkModelGenerates } from './model-self-check.js';
import type { ServedModel } from './served-model.js';

export type ModelState =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly served: ServedModel }
  | { readonly status: 'failed'; readonly error: Error };

/**
 * The served models' lifecycles, in the order the server was started with them: the server
 * listens while they load, so `/health` can say 503 `loading` and the page can show progress
 * instead of a refused connection. Requests pick a model by id; the page uses the first.
 */
export class ModelHost {
  private readonly slots: ModelState[] = [];

  /**
   * Starts loading one more model, then checks that it generates (a model that cannot is
   * `failed`); the returned promise settles with the outcome (it never rejects). A model whose id
   * another one already has is `failed`.
   */
  load(loader: Promise<ServedModel>): Promise<ModelState> {
    const slot = this.slots.push({ status: 'loading' }) - 1;
    const checked = loader.then(async (served) => {
      try {
        if (this.ready().some((other) => other.id === served.id)) {
          throw new Error(
            `two models would be served as ${served.id}: give each --model a different name or directory`,
          );
        }
        await checkModelGenerates(served);
      } catch (error) {
        served.model.dispose();
        throw error;
      }
      return served;
    });
    return checked.then(
      (served) => (this.slots[slot] = { status: 'ready', served }),
      (error: unknown) =>
        (this.slots[slot] = { status: 'failed', error: error instanceof Error ? error : new Error(String(error)) }),
    );
  }

  /** The whole server's state: the first failure, else `loading` while any loads, else the first model. */
  get state(): ModelState {
    return (
      this.slots.find((slot) => slot.status === 'failed') ??
      this.slots.find((slot) => slot.status === 'loading') ??
      this.slots[0] ?? { status: 'loading' }
    );
  }

  /** The models that serve, in start-up order. */
  ready(): ServedModel[] {
    return this.slots.flatMap((slot) => (slot.status === 'ready' ? [slot.served] : []));
  }

  /**
   * The model served as `id` (the first model when no id is given): a 404 `model_not_found` for
   * an id the server does not serve — never a path or a repo to load — or a 503 while models load
   * (with `Retry-After`) or after one failed to load.
   */
  require(id?: string): ServedModel {
    const found = id === undefined ? this.ready()[0] : this.ready().find((served) => served.id === id);
    if (found !== undefined) return found;
    const state = this.state;
    if (state.status === 'loading') {
      throw new ApiError(
        503,
        'The model is still loading; retry shortly',
        'service_unavailable',
        null,
        'model_loading',
        { 'Retry-After': '2' },
      );
    }
    if (state.status === 'failed') {
      throw new ApiError(
        503,
        `The model failed to load: ${redactPaths(state.error.message)}`,
        'service_unavailable',
        null,
        'model_load_failed',
      );
    }
    const served = this.ready()
      .map((model) => `\`${model.id}\``)
      .join(', ');
    throw new ApiError(
      404,
      `The model \`${id ?? ''}\` does not exist; this server serves ${served}`,
      'not_found_error',
      'model',
      'model_not_found',
    );
  }

  /** Releases every model's weights. */
  dispose(): void {
    for (const served of this.ready()) served.model.dispose();
    this.slots.splice(0, this.slots.length, { status: 'failed', error: new Error('the server was closed') });
  }
}
