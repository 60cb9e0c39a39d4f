import { readFile } from 'node:fs/promises';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** How the server sends a file's body. */
export type BodyMode = 'content-length' | 'chunked' | 'truncated';

export interface StaticDirectoryServer {
  /** `http://127.0.0.1:{port}/models/{name}/`: the directory's URL. */
  readonly url: string;
  /** The paths requested, in order. */
  readonly requested: string[];
  /** How each file's body is sent (default `content-length`), by file name. */
  readonly modes: Map<string, BodyMode>;
  close(): Promise<void>;
}

/**
 * A plain static file server on 127.0.0.1 for one directory (no listing, 404 for anything
 * absent), as any web server would serve a checkpoint; a file can be sent without a length, or
 * cut off half-way after announcing its full length.
 */
export async function serveDirectory(directory: string, name: string): Promise<StaticDirectoryServer> {
  const requested: string[] = [];
  const modes = new Map<string, BodyMode>();
  const prefix = `/models/${name}/`;
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    requested.push(path);
    const file = path.startsWith(prefix) ? decodeURIComponent(path.slice(prefix.length)) : '';
    if (file === '' || file.includes('/')) {
      response.writeHead(404).end();
      return;
    }
    readFile(join(directory, file)).then(
      (bytes) => {
        const mode = modes.get(file) ?? 'content-length';
        if (mode === 'chunked') {
          response.writeHead(200, { 'Content-Type': 'application/octet-stream' });
          response.write(bytes.subarray(0, bytes.byteLength >> 1));
          response.end(bytes.subarray(bytes.byteLength >> 1));
          return;
        }
        response.writeHead(200, { 'Content-Length': String(bytes.byteLength) });
        if (mode === 'truncated') response.write(bytes.subarray(0, bytes.byteLength >> 1), () => response.destroy());
        else response.end(bytes);
      },
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${String(port)}${prefix}`,
    requested,
    modes,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
