/** Where a command writes; tests pass buffers, `main.ts` passes the process streams. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Reads a file as UTF-8 (relative paths from the working directory). */
  readonly readFile: (path: string) => string;
}

/** A mistake in how the command was invoked: printed without a stack trace, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
