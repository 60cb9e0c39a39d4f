import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleRows, sizeBundleFiles } from './browser-bundle-suite.js';

let directory: string;
const FILES = [
  { name: 'fewshot-in-page.js', bytes: 1 << 20, load: 'always' },
  { name: 'chunk-a.js', bytes: 3000, load: 'always' },
  { name: 'webgl.js', bytes: 2000, load: 'webgl' },
  { name: 'webgpu.js', bytes: 1000, load: 'webgpu' },
  { name: 'wasm/tfjs-backend-wasm-simd.wasm', bytes: 500, load: 'wasm-binary' },
  { name: 'wasm/tfjs-backend-wasm.wasm', bytes: 400, load: 'wasm-binary' },
] as const;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'fewshot-bundle-sizes-'));
  await mkdir(join(directory, 'wasm'));
  // The entry is all zeros (compresses to almost nothing); the rest random (does not compress).
  for (const file of FILES)
    await writeFile(
      join(directory, file.name),
      file.name === 'fewshot-in-page.js' ? Buffer.alloc(file.bytes) : randomBytes(file.bytes),
    );
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('the bundle suite', () => {
  it('sizes each file raw and gzipped', async () => {
    const sized = await sizeBundleFiles(directory, FILES);
    const entry = sized.find((file) => file.name === 'fewshot-in-page.js');
    // DEFLATE codes a run of zeros in at most ~1/1000 of its length; random bytes never shrink.
    expect(entry?.gzip).toBeLessThan(2048);
    for (const file of sized.filter((other) => other !== entry))
      expect(file.gzip, file.name).toBeGreaterThanOrEqual(file.bytes);
  });

  it('adds up what the page fetches for each choice', async () => {
    const sized = await sizeBundleFiles(directory, FILES);
    const gzipOf = (name: string): number => sized.find((file) => file.name === name)?.gzip ?? Number.NaN;
    const rows = bundleRows(sized);
    expect(rows.map((row) => [row.label, row.files, row.raw])).toEqual([
      ['JavaScript loaded when the switch is turned on', 2, (1 << 20) + 3000],
      ['WASM mode: that + the SIMD .wasm binary', 3, (1 << 20) + 3500],
      ['WebGL backend chunks (fetched when chosen)', 1, 2000],
      ['WebGPU backend chunks (fetched when chosen)', 1, 1000],
      ['every file of the bundle', 6, (1 << 20) + 6900],
    ]);
    expect(rows[1]?.gzip).toBe(
      gzipOf('fewshot-in-page.js') + gzipOf('chunk-a.js') + gzipOf('wasm/tfjs-backend-wasm-simd.wasm'),
    );
  });

  it('refuses a manifest out of step with the files', async () => {
    await expect(sizeBundleFiles(directory, [{ name: 'webgl.js', bytes: 2001, load: 'webgl' }])).rejects.toThrow(
      'webgl.js holds 2000 bytes, the manifest says 2001: rebuild the playground',
    );
  });
});
