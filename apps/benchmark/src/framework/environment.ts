import { execFileSync } from 'node:child_process';
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
  /** Versions of the packages measured (ours and TF.js). */
  readonly versions: Readonly<Record<string, string>>;
  /** The commit measured, with `+dirty` when the tree had changes; undefined outside a git checkout. */
  readonly commit: string | undefined;
}

/** The packages whose versions a report records. */
const MEASURED_PACKAGES = [
  '@fewshot/config',
  '@fewshot/tokenizer',
  '@fewshot/model',
  '@fewshot/kernels',
  '@fewshot/training',
  '@fewshot/sampling',
  '@fewshot/prompting',
  '@fewshot/data',
  '@fewshot/mini',
  '@tensorflow/tfjs-core',
  '@tensorflow/tfjs-backend-wasm',
  '@tensorflow/tfjs-backend-cpu',
] as const;

function gitCommit(): string | undefined {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    const dirty =
      execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim() !== '';
    return dirty ? `${commit}+dirty` : commit;
  } catch {
    return undefined;
  }
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
    versions: Object.fromEntries(MEASURED_PACKAGES.map((name) => [name, packageVersion(name)])),
    commit: gitCommit(),
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
      const { name: found, version } = JSON.parse(readFileSync(manifest, 'utf8')) as {
        name?: string;
        version?: string;
      };
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
  return (JSON.parse(readFileSync(join(packageDirectory(name), 'package.json'), 'utf8')) as { version: string })
    .version;
}
