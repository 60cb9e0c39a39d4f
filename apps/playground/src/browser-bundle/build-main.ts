import { relative } from 'node:path';
import { BROWSER_BUNDLE_DIRECTORY } from '../http/static-files.js';
import { buildBrowserBundle } from './build-browser-bundle.js';

/** `pnpm build`'s last step: the in-page bundle in `dist/browser/`, which the server serves under `/browser/`. */
const bundle = await buildBrowserBundle(BROWSER_BUNDLE_DIRECTORY);
const kilobytes = (load: string): string =>
  (bundle.files.filter((file) => file.load === load).reduce((sum, file) => sum + file.bytes, 0) / 1024).toFixed(0);
process.stdout.write(
  `in-page bundle: ${String(bundle.files.length)} files in ${relative(process.cwd(), BROWSER_BUNDLE_DIRECTORY)} ` +
    `(${kilobytes('always')} KiB of JavaScript always loaded, ` +
    `WebGL ${kilobytes('webgl')} KiB, WebGPU ${kilobytes('webgpu')} KiB)\n`,
);
