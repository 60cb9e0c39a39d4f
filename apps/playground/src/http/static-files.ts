import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The page's files: plain HTML, CSS and ES modules, served as they are (no build step). */
export const PUBLIC_DIRECTORY = fileURLToPath(new URL('../../public/', import.meta.url));

/** The in-page bundle that `pnpm build` writes (`src/browser-bundle/`), the same from `src/` and `dist/`. */
export const BROWSER_BUNDLE_DIRECTORY = fileURLToPath(new URL('../../dist/browser/', import.meta.url));

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
};

/**
 * Serves `pathname` from the public directory (`/` is `index.html`); `headersOnly` for HEAD. Returns false when no such
 * file exists, so the caller answers 404. Paths never leave the directory.
 */
export async function serveStatic(
  pathname: string,
  response: ServerResponse,
  headersOnly: boolean,
  directory = PUBLIC_DIRECTORY,
): Promise<boolean> {
  let relative: string;
  try {
    relative = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
  } catch {
    return false;
  }
  const path = normalize(join(directory, relative));
  if (!path.startsWith(directory.endsWith(sep) ? directory : directory + sep)) return false;
  const contentType = CONTENT_TYPES[extname(path)];
  if (contentType === undefined) return false;
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) return false;
  response.writeHead(200, { 'Content-Type': contentType, 'Content-Length': info.size, 'Cache-Control': 'no-cache' });
  if (headersOnly) response.end();
  // A file that vanishes between stat and read ends this response, not the process.
  else
    createReadStream(path)
      .on('error', () => response.destroy())
      .pipe(response);
  return true;
}
