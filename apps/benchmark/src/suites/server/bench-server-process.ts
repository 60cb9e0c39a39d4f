import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The playground's benchmark entry point, built (`pnpm --filter @fewshot/playground build`):
 * the same path from this file in `src/` and in `dist/`.
 */
export const BENCH_SERVER_SCRIPT = fileURLToPath(
  new URL('../../../../playground/dist/bench-server.js', import.meta.url),
);

/** The model id the bench server serves under (the playground's `BENCH_MODEL_ID`). */
export const BENCH_MODEL_ID = 'bench';

export interface BenchServer {
  readonly baseUrl: string;
  stop(): Promise<void>;
}

/** Whether the playground's bench server has been built. */
export const benchServerBuilt = (): boolean => existsSync(BENCH_SERVER_SCRIPT);

/**
 * Starts the playground server on `modelDirectory` in a process of its own (so requests and
 * server do not share an event loop), with batching on or off; resolves once it listens.
 */
export function startBenchServer(modelDirectory: string, batching: boolean): Promise<BenchServer> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(
      process.execPath,
      [BENCH_SERVER_SCRIPT, '--model', modelDirectory, '--batching', batching ? 'on' : 'off'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdout?.on('data', (chunk: Buffer) => {
      const port = /listening (\d+)/.exec(chunk.toString('utf8'))?.[1];
      if (port === undefined) return;
      resolve({
        baseUrl: `http://127.0.0.1:${port}`,
        stop: () =>
          new Promise((done) => {
            child.once('exit', () => {
              done();
            });
            child.kill('SIGTERM');
          }),
      });
    });
    child.once('exit', (code) => {
      reject(new Error(`the bench server exited with ${String(code)} before listening: ${stderr.trim()}`));
    });
  });
}
