/** Where a command writes; tests pass buffers, `main.ts` passes the process streams. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Reads a file as UTF-8 (relative paths from the working directory). */
  readonly readFile: (path: string) => string;
  /** Aborted when the user interrupts (Ctrl-C): long-running commands stop cleanly. */
  readonly signal?: AbortSignal;
}

/** A mistake in how the command was invoked: printed without a stack trace, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * A command that was invoked correctly but could not do its work (a directory that is not a
 * checkpoint, a backend that cannot start): printed as one line without a stack trace, exit code 1.
 */
export class CommandError extends Error {
  override readonly name = 'CommandError';
}
