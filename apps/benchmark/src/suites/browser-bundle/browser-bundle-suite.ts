import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { formatBytes } from '@fewshot/common';
import type { Suite, SuiteResult } from '../../framework/suite.js';

/**
 * The playground's in-page bundle, as `pnpm --filter @fewshot/playground build` writes it: the
 * same path from this file in `src/` and in `dist/`.
 */
export const BUNDLE_DIRECTORY = fileURLToPath(new URL('../../../../playground/dist/browser/', import.meta.url));
const MANIFEST = join(BUNDLE_DIRECTORY, 'manifest.json');

/** When the page fetches a file (the playground's `BundleFileLoad`). */
type Load = 'always' | 'webgl' | 'webgpu' | 'on-demand' | 'wasm-binary';

interface ManifestFile {
  readonly name: string;
  readonly bytes: number;
  readonly load: Load;
}

export interface SizedFile extends ManifestFile {
  /** gzip at zlib's default level (6), as web servers commonly compress. */
  readonly gzip: number;
}

const WASM_SIMD = 'wasm/tfjs-backend-wasm-simd.wasm';

/**
 * Raw and gzip sizes of every file the manifest lists, read from disk (a manifest out of step
 * with the files is an error).
 */
export async function sizeBundleFiles(directory: string, files: readonly ManifestFile[]): Promise<SizedFile[]> {
  return Promise.all(
    files.map(async (file) => {
      const bytes = await readFile(join(directory, file.name));
      if (bytes.byteLength !== file.bytes) {
        throw new Error(
          `${file.name} holds ${String(bytes.byteLength)} bytes, the manifest says ${String(file.bytes)}: ` +
            'rebuild the playground',
        );
      }
      return { ...file, gzip: gzipSync(bytes).byteLength };
    }),
  );
}

/** The rows of what the page fetches, by what the user does: label, files, raw bytes, gzip bytes. */
export function bundleRows(files: readonly SizedFile[]): { label: string; files: number; raw: number; gzip: number }[] {
  const row = (
    label: string,
    chosen: readonly SizedFile[],
  ): { label: string; files: number; raw: number; gzip: number } => ({
    label,
    files: chosen.length,
    raw: chosen.reduce((sum, file) => sum + file.bytes, 0),
    gzip: chosen.reduce((sum, file) => sum + file.gzip, 0),
  });
  const always = files.filter((file) => file.load === 'always');
  return [
    row('JavaScript loaded when the switch is turned on', always),
    row('WASM mode: that + the SIMD .wasm binary', [...always, ...files.filter((file) => file.name === WASM_SIMD)]),
    row(
      'WebGL backend chunks (fetched when chosen)',
      files.filter((file) => file.load === 'webgl'),
    ),
    row(
      'WebGPU backend chunks (fetched when chosen)',
      files.filter((file) => file.load === 'webgpu'),
    ),
    row('every file of the bundle', files),
  ];
}

export const browserBundleSuite: Suite = {
  name: 'bundle',
  description:
    "the size of the playground's in-page bundle (@fewshot/model, sampling, tokenizer and TF.js for the " +
    'browser), raw and gzip',
  async run(): Promise<SuiteResult> {
    if (!existsSync(MANIFEST)) {
      const missing = `${MANIFEST} is not built: run pnpm --filter @fewshot/playground build`;
      return {
        suite: 'bundle',
        inputs: { bundle: BUNDLE_DIRECTORY },
        tables: [],
        targets: [],
        data: { skipped: missing },
        notes: [missing],
      };
    }
    const manifest = JSON.parse(await readFile(MANIFEST, 'utf8')) as { entry: string; files: ManifestFile[] };
    const files = await sizeBundleFiles(BUNDLE_DIRECTORY, manifest.files);
    const rows = bundleRows(files);
    return {
      suite: 'bundle',
      inputs: {
        bundle:
          'apps/playground/dist/browser (esbuild, ES modules, minified; what `pnpm build` serves under /browser/)',
        entry: manifest.entry,
        gzip: "zlib's default level (6)",
      },
      tables: [
        {
          title: 'What the page fetches',
          rows: [
            ['', 'files', 'raw', 'gzip'],
            ...rows.map((entry) => [entry.label, String(entry.files), formatBytes(entry.raw), formatBytes(entry.gzip)]),
          ],
        },
        {
          title: 'Files',
          rows: [
            ['file', 'fetched', 'raw', 'gzip'],
            ...files.map((file) => [file.name, file.load, formatBytes(file.bytes), formatBytes(file.gzip)]),
          ],
        },
      ],
      targets: [],
      notes: [
        'The browser fetches one .wasm binary: the SIMD one where WebAssembly SIMD is supported ' +
          '(every current browser), ' +
          'the threaded SIMD one only on a cross-origin-isolated page, which the playground is not.',
      ],
      data: { entry: manifest.entry, files, rows },
    };
  },
};
