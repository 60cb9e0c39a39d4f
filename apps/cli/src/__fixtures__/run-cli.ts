import { readFileSync } from 'node:fs';
import { run } from '../cli.js';
import type { CliIo } from '../io.js';

/** What one CLI run printed, and how it ended. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Each stdout write in order, to see that text streams rather than arrives at the end. */
  writes: string[];
}

/**
 * Runs the CLI in-process as `main.ts` would, but into buffers: files are read as UTF-8 like the
 * real command does. `io.stdout`/`io.stderr` are taps, called with each write as well as
 * buffered (so a test can abort mid-stream); `io.readFile` and `io.signal` replace the defaults.
 */
export async function runCli(argv: readonly string[], io: Partial<CliIo> = {}): Promise<CliRun> {
  const result: CliRun = { code: 0, stdout: '', stderr: '', writes: [] };
  result.code = await run(argv, {
    stdout: (text) => {
      result.stdout += text;
      result.writes.push(text);
      io.stdout?.(text);
    },
    stderr: (text) => {
      result.stderr += text;
      io.stderr?.(text);
    },
    readFile: io.readFile ?? ((path) => readFileSync(path, 'utf8')),
    ...(io.signal === undefined ? {} : { signal: io.signal }),
  });
  return result;
}
