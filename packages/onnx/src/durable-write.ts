import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Writes `pieces` (in order) to `path` so a reader sees the old file or the new one, never a
 * part: a process-unique temporary file beside it, fsynced, renamed over `path`, then the
 * directory fsynced so the rename itself survives a crash.
 */
export async function writePiecesDurable(path: string, pieces: readonly (Uint8Array | string)[]): Promise<void> {
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
  const directory = await open(dirname(path), 'r').catch(() => undefined);
  if (directory === undefined) return;
  try {
    await directory.sync().catch(() => undefined);
  } finally {
    await directory.close();
  }
}
