/** Where the server writes its log lines; stderr unless the embedder passes another sink. */
export type LogSink = (line: string) => void;

export const stderrLog: LogSink = (line) => {
  process.stderr.write(`${line}\n`);
};

/** What a route reports about its request for the log line, filled in as it runs. */
export interface RequestRecord {
  /** Tokens generated (completion tokens). */
  tokens: number;
  /** The prompt text, only kept when the server was asked to log prompts. */
  prompt: string | undefined;
}

export interface RequestLine {
  readonly method: string;
  readonly path: string;
  /** The status sent, or `aborted` when the client left before the response was complete. */
  readonly status: number | 'aborted';
  readonly durationMs: number;
  readonly record: RequestRecord;
}

/**
 * One line per request: time, method, path (without its query), status, duration and tokens,
 * and the prompt (JSON-quoted, cut to 200 characters) only when one was recorded.
 */
export function formatRequestLine(line: RequestLine): string {
  const prompt = line.record.prompt === undefined ? '' : ` prompt=${JSON.stringify(line.record.prompt.slice(0, 200))}`;
  const { method, path, status, durationMs, record } = line;
  const time = new Date().toISOString();
  const duration = `${durationMs.toFixed(1)}ms`;
  return `${time} ${method} ${path.slice(0, 200)} ${status} ${duration} tokens=${record.tokens}${prompt}`;
}
