import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SOURCE = dirname(fileURLToPath(import.meta.url));

/** Every source file an entry imports, followed through relative imports, with its specifiers. */
function importGraph(entry: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const visit = (file: string): void => {
    if (graph.has(file)) return;
    const specifiers = [...readFileSync(file, 'utf8').matchAll(/^(?:import|export)[^;]*?from '([^']+)'/gms)].map(
      (match) => match[1]!,
    );
    graph.set(file, specifiers);
    for (const specifier of specifiers)
      if (specifier.startsWith('.')) visit(join(dirname(file), specifier.replace(/\.js$/, '.ts')));
  };
  visit(join(SOURCE, entry));
  return graph;
}

describe('entry points', () => {
  it('keep the main entry free of Node built-ins and of any other package, so it bundles for the browser', () => {
    const outside = [...importGraph('index.ts')].flatMap(([file, specifiers]) =>
      specifiers.filter((s) => !s.startsWith('.')).map((s) => `${file}: ${s}`),
    );
    expect(outside).toEqual([]);
  });

  it('put the file system behind @fewshot/common/node', () => {
    expect(importGraph('node.ts').get(join(SOURCE, 'node/atomic-write.ts'))).toContain('node:fs/promises');
  });
});
