import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/** A Node built-in, however it is named (`node:fs`, `fs`, `fs/promises`). */
function isNodeBuiltin(path: string): boolean {
  const name = path.replace(/^node:/, '');
  return path.startsWith('node:') || builtinModules.includes(name) || builtinModules.includes(name.split('/')[0] ?? '');
}

describe('the main entry in a browser bundle', () => {
  it('bundles with esbuild for the browser (TF.js external) and imports no Node built-in', async () => {
    const result = await build({
      entryPoints: [fileURLToPath(new URL('index.ts', import.meta.url))],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
      external: ['@tensorflow/*'],
      // Workspace packages resolve to their sources, as in the tests; a published build reads dist.
      conditions: ['@fewshot/source'],
    });
    const inputs = Object.keys(result.metafile.inputs);
    const imports = Object.values(result.metafile.outputs).flatMap((output) =>
      output.imports.map((entry) => entry.path),
    );
    expect(imports.filter(isNodeBuiltin)).toEqual([]);
    expect(inputs.filter((input) => input.includes('/src/node/'))).toEqual([]);
    // It is the model that was bundled, with TF.js left to the page.
    expect(inputs.some((input) => input.endsWith('src/gpt-model.ts'))).toBe(true);
    expect(imports).toContain('@tensorflow/tfjs-core');
  });
});
