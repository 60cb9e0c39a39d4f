import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { arch, cpus, platform, totalmem } from 'node:os';

/** Where a benchmark ran. */
export interface Environment {
  readonly node: string;
  readonly v8: string;
  readonly platform: string;
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
}

export function describeEnvironment(): Environment {
  const cores = cpus();
  return {
    node: process.version,
    v8: process.versions.v8,
    platform: `${platform()} ${arch()}`,
    cpu: cores[0]?.model ?? 'unknown',
    cores: cores.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
  };
}

/**
 * Root directory of an installed package. Found by walking up from its entry point, because
 * not every package exports its `package.json`.
 */
export function packageDirectory(name: string): string {
  let directory = dirname(fileURLToPath(import.meta.resolve(name)));
  for (;;) {
    const manifest = join(directory, 'package.json');
    if (existsSync(manifest)) {
      const { name: found, version } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
      // Some packages ship nested package.json files (e.g. {"type": "module"}) without a version.
      if (found === name && version !== undefined) return directory;
    }
    const parent = dirname(directory);
    if (parent === directory) throw new Error(`cannot find the package.json of ${name}`);
    directory = parent;
  }
}

/** Installed version of a package this app depends on. */
export function packageVersion(name: string): string {
  return (JSON.parse(readFileSync(join(packageDirectory(name), 'package.json'), 'utf8')) as { version: string }).version;
}
