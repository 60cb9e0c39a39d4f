import { relative } from 'node:path';
import { formatBytes } from '@fewshot/common';
import { BROWSER_BUNDLE_DIRECTORY } from '../http/static-files.js';
import { buildBrowserBundle } from './build-browser-bundle.js';

/** `pnpm build`'s last step: the in-page bundle in `dist/browser/`, which the server serves under `/browser/`. */
const bundle = await buildBrowserBundle(BROWSER_BUNDLE_DIRECTORY);
const bytesOf = (load: string): string =>
  formatBytes(bundle.files.filter((file) => file.load === load).reduce((sum, file) => sum + file.bytes, 0));
process.stdout.write(
  `in-page bundle: ${String(bundle.files.length)} files in ${relative(process.cwd(), BROWSER_BUNDLE_DIRECTORY)} ` +
    `(${bytesOf('always')} of JavaScript always loaded, ` +
    `WebGL ${bytesOf('webgl')}, WebGPU ${bytesOf('webgpu')})\n`,
);
