import { connect } from 'node:net';

export interface SocketExchange {
  /** Everything the server sent before it closed the connection (or before `waitMs`). */
  readonly text: string;
  /** The status code of the first response, or undefined when none came. */
  readonly status: number | undefined;
  /** Whether the server closed the connection within `waitMs`. */
  readonly closed: boolean;
  /** Milliseconds from connecting until the server closed the connection (or `waitMs`). */
  readonly elapsedMs: number;
}

/**
 * Writes `parts` to a fresh TCP connection (with `gapMs` between them) and collects what comes
 * back until the server closes it or `waitMs` pass: for requests no HTTP client would send.
 */
export function socketExchange(
  port: number,
  parts: readonly (string | Buffer)[],
  options: { gapMs?: number; waitMs?: number } = {},
): Promise<SocketExchange> {
  const { gapMs = 0, waitMs = 5000 } = options;
  return new Promise((resolve) => {
    const started = performance.now();
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1');
    let closed = false;
    const finish = (): void => {
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const status = /^HTTP\/1\.1 (\d{3})/.exec(text)?.[1];
      resolve({
        text,
        status: status === undefined ? undefined : Number(status),
        closed,
        elapsedMs: performance.now() - started,
      });
    };
    const timer = setTimeout(finish, waitMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      closed = true;
      finish();
    });
    void (async () => {
      for (const [i, part] of parts.entries()) {
        if (i > 0 && gapMs > 0) await new Promise((wait) => setTimeout(wait, gapMs));
        if (socket.destroyed) return;
        socket.write(part);
      }
    })();
  });
}
