import { readFileSync } from 'node:fs';

/**
 * Runs the first ```ts block of a package README as written, with its import lines replaced by
 * `bindings` (the README's examples are plain JavaScript apart from those lines), and returns
 * what it printed with console.log, one string per call (arguments joined by spaces, non-strings
 * as JSON). Tests compare that with what the README's comments promise.
 * @param {URL} readmeUrl
 * @param {Record<string, unknown>} bindings
 * @returns {string[]}
 */
export function runReadmeExample(readmeUrl, bindings) {
  const readme = readFileSync(readmeUrl, 'utf8');
  const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  if (code === undefined) throw new Error(`${readmeUrl.pathname} has no \`\`\`ts example`);
  const body = code.replace(/^import[\s\S]*?from '[^']+';\n/gm, '');
  const printed = [];
  const console = {
    log: (...values) => printed.push(values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(' ')),
  };
  const names = Object.keys(bindings);
  new Function('console', ...names, body)(console, ...names.map((name) => bindings[name]));
  return printed;
}
