import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Flushes a directory entry (a rename or a new file) to disk; a no-op where directories cannot be opened. */
export async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r').catch(() => undefined);
  if (handle === undefined) return;
  try {
    await handle.sync().catch(() => undefined);
  } finally {
    await handle.close();
  }
}

/**
 * Writes `content` (text, bytes, or pieces of either written in order, so a large file need not
 * be joined in memory) to `path` so a reader sees the old content or the new, never a part: a
 * process-unique temporary file beside it, fsynced, renamed over `path`, and the directory
 * fsynced so that the rename itself survives a crash.
 */
export async function writeFileDurable(path: string, content: string | Uint8Array | readonly (string | Uint8Array)[]): Promise<void> {
  const pieces = typeof content === 'string' || content instanceof Uint8Array ? [content] : content;
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const handle = await open(temporary, 'w');
    try {
      for (const piece of pieces) await handle.write(typeof piece === 'string' ? Buffer.from(piece) : piece);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } finally {
    await rm(temporary, { force: true });
  }
  await syncDirectory(dirname(path));
}
