import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { HubError } from './hub-error.js';

const POLL_MS = 100;

/**
 * Takes an exclusive lock by creating `path` (O_EXCL) with this process's id in it, waiting while
 * another live process holds it; a lock left by a process that no longer runs is taken over.
 * Returns the release function.
 */
export async function acquireFileLock(path: string, signal?: AbortSignal): Promise<() => Promise<void>> {
  await mkdir(dirname(path), { recursive: true });
  for (;;) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number((await readFile(path, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(owner) && owner > 0 && !isRunning(owner)) {
      await rm(path, { force: true });
      continue;
    }
    if (signal?.aborted === true) throw new HubError('Aborted', `aborted while waiting for the lock ${path}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
