import { readFile, rm } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type Plugin, build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BUNDLE_ENTRY_FILE,
  BUNDLE_MANIFEST_FILE,
  type BrowserBundle,
  WASM_BINARIES,
  buildBrowserBundle,
} from './build-browser-bundle.js';

const directory = join(tmpdir(), `fewshot-bundle-test-${String(process.pid)}`);
let bundle: BrowserBundle;

/** Node's built-in modules, bare (`fs`, `fs/promises`) and prefixed (`node:fs`). */
const BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
const isBuiltin = (specifier: string): boolean => BUILTINS.has(specifier) || specifier.startsWith('node:');

beforeAll(async () => {
  bundle = await buildBrowserBundle(directory);
}, 120_000);

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('the in-page browser bundle', () => {
  it('imports no Node built-in: nothing is left external, and no workspace source imports one', () => {
    for (const [path, output] of Object.entries(bundle.metafile.outputs)) {
      expect(
        output.imports.filter((imported) => imported.external === true),
        path,
      ).toEqual([]);
    }
    for (const [path, input] of Object.entries(bundle.metafile.inputs)) {
      const builtins = input.imports.filter((imported) => isBuiltin(imported.original ?? imported.path));
      if (path.includes('node_modules')) continue;
      expect(
        builtins.map((imported) => imported.original ?? imported.path),
        path,
      ).toEqual([]);
    }
  });

  it('stubs a built-in only where the importing package\'s own "browser" field maps it to false', async () => {
    for (const [path, input] of Object.entries(bundle.metafile.inputs)) {
      for (const imported of input.imports.filter((record) => record.path.startsWith('(disabled):'))) {
        const specifier = imported.original ?? imported.path;
        expect(path, `${path} imports ${specifier}`).toContain('node_modules');
        const browserField = await packageBrowserField(path);
        expect(browserField[specifier], `${path}: "browser"["${specifier}"]`).toBe(false);
      }
    }
  });

  it("emits JavaScript with no import or require of a built-in, and TF.js's three .wasm binaries", async () => {
    const scripts = bundle.files.filter((file) => file.name.endsWith('.js'));
    expect(scripts.map((file) => file.name)).toContain(BUNDLE_ENTRY_FILE);
    for (const script of scripts) {
      const specifiers = await importsOf(join(directory, script.name));
      expect(specifiers.filter(isBuiltin), script.name).toEqual([]);
    }
    for (const binary of WASM_BINARIES) {
      const bytes = await readFile(join(directory, 'wasm', binary));
      // Every WebAssembly module starts with "\0asm".
      expect([...bytes.subarray(0, 4)], binary).toEqual([0, 0x61, 0x73, 0x6d]);
    }
    const manifest = JSON.parse(await readFile(join(directory, BUNDLE_MANIFEST_FILE), 'utf8')) as { files: unknown[] };
    expect(manifest.files).toEqual(bundle.files);
    expect(bundle.files.filter((file) => file.load === 'webgl').length).toBeGreaterThan(0);
    expect(bundle.files.filter((file) => file.load === 'webgpu').length).toBeGreaterThan(0);
  });
});

/**
 * Every `import`, `import()` and `require()` in the JavaScript file `path`, as esbuild parses it
 * (so code inside strings, such as the WASM backend's worker source, is not taken for imports).
 */
async function importsOf(path: string): Promise<string[]> {
  const external: Plugin = {
    name: 'list-imports',
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) =>
        args.kind === 'entry-point' ? undefined : { path: args.path, external: true },
      );
    },
  };
  const result = await build({
    entryPoints: [path],
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    logLevel: 'silent',
    plugins: [external],
  });
  return Object.values(result.metafile.inputs).flatMap((input) => input.imports.map((imported) => imported.path));
}

/**
 * The `browser` field of the package.json nearest above `path` (a metafile input path, relative
 * to the working directory).
 */
async function packageBrowserField(path: string): Promise<Record<string, unknown>> {
  for (
    let folder = dirname(join(process.cwd(), path.replace(/^\(disabled\):/, '')));
    folder !== dirname(folder);
    folder = dirname(folder)
  ) {
    const text = await readFile(join(folder, 'package.json'), 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    const { browser } = JSON.parse(text) as { browser?: unknown };
    return typeof browser === 'object' && browser !== null ? (browser as Record<string, unknown>) : {};
  }
  return {};
}
