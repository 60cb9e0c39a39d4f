import { createHash, randomBytes } from 'node:crypto';
import type * as FsPromises from 'node:fs/promises';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { writeFileAtomic } from './atomic-write.js';

/** Every file system step, in order: which path was fsynced, what was renamed. */
const steps: string[] = [];

vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof FsPromises>();
  return {
    ...fs,
    open: async (...args: Parameters<typeof fs.open>) => {
      const handle = await fs.open(...args);
      const sync = handle.sync.bind(handle);
      handle.sync = async () => {
        steps.push(`sync ${String(args[0])}`);
        await sync();
      };
      return handle;
    },
    rename: async (from: string, to: string) => {
      steps.push(`rename ${from} -> ${to}`);
      await fs.rename(from, to);
    },
  };
});

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'fewshot-atomic-'));
  steps.length = 0;
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('fsyncs the temporary file, the directory before the rename, and the directory after it', async () => {
    const path = join(directory, 'config.json');
    await writeFileAtomic(path, '{"a": 1}\n');
    expect(await readFile(path, 'utf8')).toBe('{"a": 1}\n');
    const temporary = /^sync (.+\.tmp)$/.exec(steps[0] ?? '')?.[1];
    expect(temporary?.startsWith(`${path}.`)).toBe(true);
    expect(steps).toEqual([
      `sync ${temporary}`,
      `sync ${directory}`,
      `rename ${temporary} -> ${path}`,
      `sync ${directory}`,
    ]);
  });

  it('writes text, bytes and pieces (sync or async) completely and in order', async () => {
    const big = randomBytes(3 * 1024 * 1024);
    const path = join(directory, 'model.bin');
    async function* chunks(): AsyncGenerator<Uint8Array> {
      for (let at = 0; at < big.length; at += 65_536) {
        // A stream's chunks arrive in later turns of the event loop.
        await new Promise((resolve) => setImmediate(resolve));
        yield big.subarray(at, at + 65_536);
      }
    }
    await writeFileAtomic(path, chunks());
    const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');
    expect(sha256(await readFile(path))).toBe(sha256(big));
    await writeFileAtomic(path, ['héllo ', Uint8Array.of(0x77, 0x6f), 'rld']);
    expect(await readFile(path, 'utf8')).toBe('héllo world');
    await writeFileAtomic(path, Uint8Array.of(1, 2, 3));
    expect([...(await readFile(path))]).toEqual([1, 2, 3]);
    expect(await readdir(directory)).toEqual(['model.bin']);
  });

  it('leaves the old file and no temporary file when the content fails midway', async () => {
    const path = join(directory, 'vocab.json');
    await writeFile(path, 'old');
    function* failing(): Generator<string> {
      yield 'new, partly';
      throw new Error('source failed');
    }
    await expect(writeFileAtomic(path, failing())).rejects.toThrow('source failed');
    expect(await readFile(path, 'utf8')).toBe('old');
    expect(await readdir(directory)).toEqual(['vocab.json']);
    expect(steps.some((step) => step.startsWith('rename'))).toBe(false);
  });

  it('leaves no temporary file when the rename fails', async () => {
    // A non-empty directory cannot be replaced by a file.
    const path = join(directory, 'occupied');
    await mkdir(path);
    await writeFile(join(path, 'inside'), 'x');
    await expect(writeFileAtomic(path, 'text')).rejects.toThrow();
    expect(await readdir(directory)).toEqual(['occupied']);
  });

  it('gives one complete content when writers race on the same path', async () => {
    const path = join(directory, 'refs-main');
    const contents = Array.from({ length: 8 }, (_, i) => String(i).repeat(200_000));
    await Promise.all(contents.map((content) => writeFileAtomic(path, content)));
    expect(contents).toContain(await readFile(path, 'utf8'));
    expect(await readdir(directory)).toEqual(['refs-main']);
  });
});
