/** Where the mocked `@fewshot/mini` says the bundled model lives; each test points it somewhere. */
export const bundled = { directory: '' };

/**
 * Replaces `@fewshot/mini`, so that a test runs "the bundled model" on a checkpoint of its own:
 * `vi.mock('@fewshot/mini', () => import('../__fixtures__/bundled-model.js').then((fixture) => fixture.miniModule))`.
 * The factory imports this module rather than closing over `bundled` because `vi.mock` is
 * hoisted above the test file's imports; both see the same module instance.
 */
export const miniModule = {
  get MINI_MODEL_DIRECTORY(): string {
    return bundled.directory;
  },
};
