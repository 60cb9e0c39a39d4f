import { execFileSync, spawn } from 'node:child_process';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, readFile, rename } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, createBrotliDecompress } from 'node:zlib';
import { writeFileAtomic } from '@fewshot/common/node';
import { type Browser, chromium } from 'playwright-core';

/** A browser the end-to-end tests can launch, and where it was found. */
export interface ChromiumExecutable {
  readonly executablePath: string;
  /** Environment for the browser process: the bundled libraries' path when the system lacks them. */
  readonly env: Readonly<Record<string, string>>;
  readonly source: 'CHROMIUM_PATH' | 'system' | '@sparticuz/chromium';
}

/** Where Chrome and Chromium install themselves on Linux and macOS, most specific first. */
const SYSTEM_BROWSERS: readonly string[] = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  join(homedir(), 'Applications/Google Chrome.app/Contents/MacOS/Google Chrome'),
  join(homedir(), 'Applications/Chromium.app/Contents/MacOS/Chromium'),
];

/**
 * The browser a user's machine has: `CHROMIUM_PATH`, else a system Chrome or Chromium, else the
 * Linux x64 Chromium that the npm package `@sparticuz/chromium` carries (brotli-compressed in its
 * tarball, so installing it downloads nothing but the package), unpacked once into
 * `node_modules/.cache` beside this package.
 */
export async function findChromium(): Promise<ChromiumExecutable> {
  const configured = process.env.CHROMIUM_PATH;
  if (configured !== undefined && configured !== '') {
    if (!existsSync(configured))
      throw new Error(`CHROMIUM_PATH=${configured}: no such file; unset it to use a system or bundled Chromium`);
    return { executablePath: configured, env: {}, source: 'CHROMIUM_PATH' };
  }
  const system = SYSTEM_BROWSERS.find((path) => existsSync(path));
  if (system !== undefined) return { executablePath: system, env: {}, source: 'system' };
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `no Chrome or Chromium found (looked in ${SYSTEM_BROWSERS.join(', ')}); ` +
        `the bundled Chromium is Linux x64 only: install Chrome or set CHROMIUM_PATH`,
    );
  }
  return unpackBundledChromium();
}

/**
 * The found browser, headless, with the flags this closed network needs: no background
 * connections to Google's services.
 */
export async function launchChromium(): Promise<Browser> {
  const chromiumExecutable = await findChromium();
  return chromium.launch({
    executablePath: chromiumExecutable.executablePath,
    env: { ...process.env, ...chromiumExecutable.env },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

async function unpackBundledChromium(): Promise<ChromiumExecutable> {
  // The package's entry is build/esm/index.js; its compressed binaries are in bin/ beside build/.
  const packageRoot = dirname(dirname(dirname(fileURLToPath(import.meta.resolve('@sparticuz/chromium')))));
  const { version } = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string };
  const cache = fileURLToPath(new URL(`../../node_modules/.cache/sparticuz-chromium-${version}/`, import.meta.url));
  const executablePath = join(cache, 'chromium');
  if (!existsSync(executablePath)) {
    await mkdir(cache, { recursive: true });
    // Executable before the rename, so no other test process can find it half-made.
    const temporary = `${executablePath}.${String(process.pid)}`;
    await writeFileAtomic(temporary, brotliDecompressSync(await readFile(join(packageRoot, 'bin/chromium.br'))));
    await chmod(temporary, 0o755);
    await rename(temporary, executablePath);
  }
  const missing = missingLibraries(executablePath);
  if (missing.length === 0) return { executablePath, env: {}, source: '@sparticuz/chromium' };
  // The package also carries the NSS/expat libraries Amazon Linux lacks, for systems without them.
  const libraries = join(cache, 'lib');
  if (!existsSync(join(libraries, 'libnss3.so'))) await untarBrotli(join(packageRoot, 'bin/al2023.tar.br'), cache);
  const env = { LD_LIBRARY_PATH: [libraries, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':') };
  const stillMissing = missingLibraries(executablePath, env);
  if (stillMissing.length > 0) {
    throw new Error(
      `the bundled Chromium (${executablePath}) needs libraries this system ` +
        `lacks: ${stillMissing.join(', ')}; install Chrome or set CHROMIUM_PATH`,
    );
  }
  return { executablePath, env, source: '@sparticuz/chromium' };
}

/** Shared libraries the dynamic linker cannot find for `executable`, as `ldd` reports them. */
function missingLibraries(executable: string, env: Readonly<Record<string, string>> = {}): string[] {
  const report = execFileSync('ldd', [executable], { encoding: 'utf8', env: { ...process.env, ...env } });
  return [...report.matchAll(/^\s*(\S+) => not found$/gm)].map((match) => match[1] ?? '');
}

/** Unpacks a brotli-compressed tarball into `directory` with the system's `tar`. */
async function untarBrotli(archive: string, directory: string): Promise<void> {
  const tar = spawn('tar', ['-x', '-C', directory], { stdio: ['pipe', 'ignore', 'inherit'] });
  const exited = new Promise<void>((resolve, reject) => {
    tar.once('error', reject);
    tar.once('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`tar -x ${archive} exited with ${String(code)}`));
    });
  });
  await pipeline(createReadStream(archive), createBrotliDecompress(), tar.stdin);
  await exited;
}
