import { type Hash, createHash } from 'node:crypto';

/**
 * The check an etag allows: an LFS file's etag is its SHA-256 (64 hex digits), a small file's is
 * its git blob SHA-1 (40 hex digits: SHA-1 of `blob {size}\0` and the bytes). Others cannot be checked.
 */
export type EtagCheck = { readonly kind: 'sha256' | 'git-sha1'; readonly hash: Hash } | undefined;

export function etagCheck(etag: string, size: number | undefined): EtagCheck {
  if (/^[0-9a-f]{64}$/.test(etag)) return { kind: 'sha256', hash: createHash('sha256') };
  if (/^[0-9a-f]{40}$/.test(etag) && size !== undefined) {
    const hash = createHash('sha1');
    hash.update(`blob ${size}\0`);
    return { kind: 'git-sha1', hash };
  }
  return undefined;
}
