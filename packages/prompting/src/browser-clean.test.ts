import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SOURCE = dirname(fileURLToPath(import.meta.url));

/** Every source file the module imports, followed through relative imports. */
function importGraph(entry: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const visit = (file: string) => {
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
  it('keep the main entry free of Node built-ins, so it bundles for the browser', () => {
    const graph = importGraph('index.ts');
    const nodeImports = [...graph].flatMap(([file, specifiers]) =>
      specifiers.filter((s) => s.startsWith('node:')).map((s) => `${file}: ${s}`),
    );
    expect(nodeImports).toEqual([]);
    expect(graph.has(join(SOURCE, 'node/sandbox-executor.ts'))).toBe(false);
  });

  it('put the sandbox behind @fewshot/prompting/node', () => {
    const graph = importGraph('node.ts');
    expect(graph.get(join(SOURCE, 'node/sandbox-executor.ts'))).toContain('node:child_process');
  });
});
