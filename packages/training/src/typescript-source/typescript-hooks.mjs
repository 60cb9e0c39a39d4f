// Node module hooks that run the workspace's TypeScript sources directly (types stripped by
// `ts.transpileModule`), without a build: for a test's child process, and for the trainer's
// gradient workers when the trainer itself runs from source (tests, `@fewshot/source`).
// Registered by `typescript-loader.mjs`; use with `--conditions=@fewshot/source`.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (error) {
    // Sources import each other as `./x.js` (NodeNext style); the file on disk is `./x.ts`.
    if (specifier.endsWith('.js') && /^\.{1,2}\//.test(specifier)) return next(`${specifier.slice(0, -3)}.ts`, context);
    throw error;
  }
}

export async function load(url, context, next) {
  if (!url.endsWith('.ts')) return next(url, context);
  const path = fileURLToPath(url);
  const { outputText } = ts.transpileModule(await readFile(path, 'utf8'), {
    fileName: path,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  return { format: 'module', source: outputText, shortCircuit: true };
}
