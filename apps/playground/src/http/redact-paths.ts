/** Absolute POSIX (`/a/b`) and Windows (`C:\a\b`) paths of at least two components, not URL paths after `://`. */
const ABSOLUTE_PATH = /(?<![\w:/.~-])(?:\/|[A-Za-z]:\\)(?:[^\s/\\'"`]+[/\\])+[^\s/\\'"`]*/g;

/**
 * `text` with every absolute file-system path cut to its last component (`…/config.json`), for
 * messages that reach clients: where the server keeps its files is none of their business.
 */
export function redactPaths(text: string): string {
  return text.replace(
    ABSOLUTE_PATH,
    (path) =>
      `…/${
        path
          .split(/[/\\]/)
          .filter((part) => part !== '')
          .pop() ?? ''
      }`,
  );
}
