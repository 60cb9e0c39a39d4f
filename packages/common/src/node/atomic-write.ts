import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

/** What {@link writeFileAtomic} writes: text (UTF-8), bytes, or pieces of either in order. */
export type FileContent = string | Uint8Array | Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>;

/**
 * Flushes a directory's entries (a new file, a rename) to disk. Where a directory cannot be
 * opened or synced (Windows, some network file systems) there is nothing to flush, and it returns.
 */
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
 * Writes `content` to `path` so that a reader, or the file system after a crash, sees the old
 * file or the new one, never a part: a process-unique temporary file in the same directory,
 * fsynced; the directory fsynced (the temporary file's entry is on disk); the rename over `path`;
 * the directory fsynced again (the rename is on disk). Pieces (an iterable, possibly async) are
 * written in order, so a large file is never joined in memory. On any failure the temporary file
 * is removed and `path` keeps what it had.
 */
export async function writeFileAtomic(path: string, content: FileContent): Promise<void> {
  const directory = dirname(path);
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const handle = await open(temporary, 'wx');
    try {
      for await (const piece of pieces(content))
        await handle.write(typeof piece === 'string' ? Buffer.from(piece) : piece);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await syncDirectory(directory);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await syncDirectory(directory);
}

function pieces(content: FileContent): Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array> {
  return typeof content === 'string' || content instanceof Uint8Array ? [content] : content;
}
