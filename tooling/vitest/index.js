import { defineConfig } from 'vitest/config';

// Workspace packages export their TypeScript source under this condition, so tests run
// against the code as it is in the tree, without a rebuild of the packages they import.
const SOURCE_CONDITION = '@fewshot/source';

// Vitest runs test files in parallel processes, one per core: a WASM backend started through
// `selectBackend` runs one thread in each (its default elsewhere is two on four cores or more),
// unless the command line sets FEWSHOT_WASM_THREADS. A test of the default passes its own environment.
const WASM_THREADS = process.env.FEWSHOT_WASM_THREADS || '1';

/**
 * The Vitest settings shared by every package and app.
 * @param {{ testTimeout?: number }} [options]
 */
export function fewshotTestConfig(options = {}) {
  return defineConfig({
    resolve: { conditions: [SOURCE_CONDITION, 'import', 'module', 'node', 'default'] },
    ssr: { resolve: { conditions: [SOURCE_CONDITION, 'import', 'module', 'node', 'default'] } },
    test: {
      environment: 'node',
      env: { FEWSHOT_WASM_THREADS: WASM_THREADS },
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      // A guard against hangs, not a speed check: `pnpm test` runs every package's tests at once
      // on two cores, where a test that takes 3 s alone has taken over 20 s.
      testTimeout: options.testTimeout ?? 60_000,
      hookTimeout: 60_000,
    },
  });
}
