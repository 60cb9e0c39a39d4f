import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Metafile, build } from 'esbuild';
import { writeFileAtomic } from '@fewshot/common/node';

/** The in-page code's entry, the same path from this file in `src/` and in `dist/`. */
export const IN_PAGE_ENTRY = fileURLToPath(new URL('../../src/in-page/in-page-entry.ts', import.meta.url));

/** The bundle's entry file, which the page imports as `/browser/fewshot-in-page.js`. */
export const BUNDLE_ENTRY_FILE = 'fewshot-in-page.js';

/** TF.js's WASM binaries (plain, SIMD, threaded SIMD), copied to `wasm/` beside the bundle. */
export const WASM_BINARIES = [
  'tfjs-backend-wasm.wasm',
  'tfjs-backend-wasm-simd.wasm',
  'tfjs-backend-wasm-threaded-simd.wasm',
] as const;

/** The bundle's manifest (`manifest.json` beside it), which the benchmark reports sizes from. */
export const BUNDLE_MANIFEST_FILE = 'manifest.json';

/**
 * When the page fetches a file: `always` (the entry and the chunks it imports statically),
 * `webgl` / `webgpu` (the backend's chunks, once chosen), `wasm-binary` (one of the three, as
 * the browser's features pick: SIMD, threaded SIMD where the page is cross-origin isolated, else plain).
 */
export type BundleFileLoad = 'always' | 'webgl' | 'webgpu' | 'on-demand' | 'wasm-binary';

export interface BundleFile {
  /** Relative to the bundle's directory. */
  readonly name: string;
  readonly bytes: number;
  readonly load: BundleFileLoad;
}

export interface BrowserBundle {
  readonly files: readonly BundleFile[];
  /** esbuild's account of every input and import, for checking what went in. */
  readonly metafile: Metafile;
}

/**
 * Bundles `@fewshot/model`, `@fewshot/sampling`, `@fewshot/tokenizer`, TF.js and the playground's
 * completion code for the browser (ES modules, minified; WebGL and WebGPU in chunks loaded only
 * when chosen) into `directory`, which it empties first, with TF.js's `.wasm` binaries in `wasm/`.
 * Workspace packages are read from their sources (`@fewshot/source`), as the tests read them.
 */
export async function buildBrowserBundle(directory: string): Promise<BrowserBundle> {
  const result = await build({
    entryPoints: { [BUNDLE_ENTRY_FILE.replace(/\.js$/, '')]: IN_PAGE_ENTRY },
    outdir: directory,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@fewshot/source'],
    minify: true,
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  await rm(directory, { recursive: true, force: true });
  await mkdir(join(directory, 'wasm'), { recursive: true });
  const loads = loadsOfOutputs(result.metafile, directory);
  const files: BundleFile[] = [];
  for (const output of result.outputFiles) {
    await writeFileAtomic(output.path, output.contents);
    const name = relative(directory, output.path);
    files.push({ name, bytes: output.contents.byteLength, load: loads.get(name) ?? 'on-demand' });
  }
  const wasmSource = wasmBinaryDirectory();
  for (const binary of WASM_BINARIES) {
    const bytes = await readFile(join(wasmSource, binary));
    await writeFileAtomic(join(directory, 'wasm', binary), bytes);
    files.push({ name: `wasm/${binary}`, bytes: bytes.byteLength, load: 'wasm-binary' });
  }
  await writeFileAtomic(
    join(directory, BUNDLE_MANIFEST_FILE),
    `${JSON.stringify({ entry: BUNDLE_ENTRY_FILE, files }, null, 2)}\n`,
  );
  return { files, metafile: result.metafile };
}

/**
 * When each output is fetched: the entry's static imports, followed transitively, always; the
 * WebGL and WebGPU backends' dynamic chunks (and what they alone import) when chosen.
 */
function loadsOfOutputs(metafile: Metafile, directory: string): Map<string, BundleFileLoad> {
  const outputs = new Map(
    Object.entries(metafile.outputs).map(([path, output]) => [relative(directory, path), output]),
  );
  const loads = new Map<string, BundleFileLoad>();
  const mark = (name: string, load: BundleFileLoad): void => {
    if (loads.has(name)) return;
    loads.set(name, load);
    for (const imported of outputs.get(name)?.imports ?? []) {
      if (imported.kind === 'import-statement') mark(relative(directory, imported.path), load);
    }
  };
  mark(BUNDLE_ENTRY_FILE, 'always');
  for (const [name, output] of outputs) {
    const entryPoint = output.entryPoint ?? '';
    if (entryPoint.includes('tfjs-backend-webgl')) mark(name, 'webgl');
    else if (entryPoint.includes('tfjs-backend-webgpu')) mark(name, 'webgpu');
  }
  return loads;
}

/** The installed `@tensorflow/tfjs-backend-wasm`'s `dist/`, where its `.wasm` files are. */
function wasmBinaryDirectory(): string {
  const entry = fileURLToPath(import.meta.resolve('@tensorflow/tfjs-backend-wasm'));
  let directory = dirname(entry);
  while (basename(directory) !== 'dist' && dirname(directory) !== directory) directory = dirname(directory);
  const missing = WASM_BINARIES.filter((binary) => !existsSync(join(directory, binary)));
  if (missing.length > 0) throw new Error(`@tensorflow/tfjs-backend-wasm has no ${missing.join(', ')} in ${directory}`);
  return directory;
}
