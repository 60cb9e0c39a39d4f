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
  const { body, console, printed } = prepare(readmeUrl, 0);
  const names = Object.keys(bindings);
  new Function('console', ...names, body)(console, ...names.map((name) => bindings[name]));
  return printed;
}

/**
 * The same for a README block that uses top-level `await` (examples that generate or score):
 * runs the `block`-th ```ts block (0 = the first) as an async function body.
 * @param {URL} readmeUrl
 * @param {Record<string, unknown>} bindings
 * @param {number} [block]
 * @returns {Promise<string[]>}
 */
export async function runReadmeExampleAsync(readmeUrl, bindings, block = 0) {
  const { body, console, printed } = prepare(readmeUrl, block);
  const names = Object.keys(bindings);
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor;
  await new AsyncFunction('console', ...names, body)(console, ...names.map((name) => bindings[name]));
  return printed;
}

/** The block's code without its import lines, and a console that records what is logged. */
function prepare(readmeUrl, block) {
  const readme = readFileSync(readmeUrl, 'utf8');
  const code = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)][block]?.[1];
  if (code === undefined) throw new Error(`${readmeUrl.pathname} has no \`\`\`ts example number ${block}`);
  const body = code.replace(/^import[\s\S]*?from '[^']+';\n/gm, '');
  const printed = [];
  const console = {
    log: (...values) => printed.push(values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(' ')),
  };
  return { body, console, printed };
}
