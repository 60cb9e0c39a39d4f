import { ApiError } from './http/api-error.js';
import { redactPaths } from './http/redact-paths.js';
import { checkModelGenerates } from './model-self-check.js';
import type { ServedModel } from './served-model.js';

export type ModelState =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly served: ServedModel }
  | { readonly status: 'failed'; readonly error: Error };

/**
 * The served model's lifecycle: the server listens while the model loads, so `/health` can say
 * 503 `loading` and the page can show progress instead of a refused connection.
 */
export class ModelHost {
  private current: ModelState = { status: 'loading' };

  /**
   * Starts loading, then checks that the model generates (a model that cannot is `failed`); the
   * returned promise settles with the outcome (it never rejects).
   */
  load(loader: Promise<ServedModel>): Promise<ModelState> {
    this.current = { status: 'loading' };
    const checked = loader.then(async (served) => {
      try {
        await checkModelGenerates(served);
      } catch (error) {
        served.model.dispose();
        throw error;
      }
      return served;
    });
    return checked.then(
      (served) => (this.current = { status: 'ready', served }),
      (error: unknown) => (this.current = { status: 'failed', error: error instanceof Error ? error : new Error(String(error)) }),
    );
  }

  get state(): ModelState {
    return this.current;
  }

  /** The model, or a 503 while it loads (with `Retry-After`) or after it failed to load. */
  require(): ServedModel {
    const state = this.current;
    switch (state.status) {
      case 'ready':
        return state.served;
      case 'loading':
        throw new ApiError(503, 'The model is still loading; retry shortly', 'service_unavailable', null, 'model_loading', { 'Retry-After': '2' });
      case 'failed':
        throw new ApiError(
          503,
          `The model failed to load: ${redactPaths(state.error.message)}`,
          'service_unavailable',
          null,
          'model_load_failed',
        );
    }
  }

  /** Releases the model's weights. */
  dispose(): void {
    if (this.current.status === 'ready') this.current.served.model.dispose();
    this.current = { status: 'failed', error: new Error('the server was closed') };
  }
}
