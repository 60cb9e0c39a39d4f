import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireFileLock } from './file-lock.js';

const directories: string[] = [];
afterAll(() => Promise.all(directories.map((directory) => rm(directory, { recursive: true, force: true }))));

async function lockPath(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'fewshot-lock-'));
  directories.push(directory);
  return join(directory, '.locks', 'x.lock');
}

describe('acquireFileLock', () => {
  it('lets one holder in at a time', async () => {
    const path = await lockPath();
    const order: string[] = [];
    const release = await acquireFileLock(path);
    const second = acquireFileLock(path).then((releaseSecond) => {
      order.push('second');
      return releaseSecond;
    });
    await new Promise((resolve) => setTimeout(resolve, 250));
    order.push('first done');
    await release();
    await (await second)();
    expect(order).toEqual(['first done', 'second']);
  });

  it('takes over a lock whose process has exited', async () => {
    const path = await lockPath();
    const child = spawn(process.execPath, ['-e', '']);
    const pid = child.pid ?? 0;
    await new Promise((resolve) => child.on('exit', resolve));
    await acquireFileLock(path).then((release) => release());
    await writeFile(path, String(pid));
    const release = await acquireFileLock(path);
    await release();
  });

  it('stops waiting when aborted', async () => {
    const path = await lockPath();
    const release = await acquireFileLock(path);
    await expect(acquireFileLock(path, AbortSignal.timeout(150))).rejects.toThrow(
      `aborted while waiting for the lock ${path}`,
    );
    await release();
  });
});
