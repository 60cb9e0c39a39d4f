/**
 * UTF-8 encoding of a slice of a JavaScript string straight into a reusable buffer, the way
 * `TextEncoder` does it: a lone surrogate becomes U+FFFD (EF BF BD), as in tiktoken.
 */

/** Most bytes one UTF-16 code unit can produce (a BMP code point above U+07FF). */
export const MAX_BYTES_PER_UNIT = 3;

/**
 * Writes the UTF-8 bytes of `text.slice(start, end)` into `out` from index 0 and returns how
 * many were written. `out` must hold at least `(end - start) * MAX_BYTES_PER_UNIT` values.
 */
export function encodeUtf8Into(text: string, start: number, end: number, out: Uint8Array | Int32Array): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      out[n++] = c;
      continue;
    }
    if (c < 0x800) {
      out[n++] = 0xc0 | (c >> 6);
      out[n++] = 0x80 | (c & 0x3f);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const low = i + 1 < end ? text.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) {
        const codePoint = ((c - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
        i += 1;
        out[n++] = 0xf0 | (codePoint >> 18);
        out[n++] = 0x80 | ((codePoint >> 12) & 0x3f);
        out[n++] = 0x80 | ((codePoint >> 6) & 0x3f);
        out[n++] = 0x80 | (codePoint & 0x3f);
        continue;
      }
      c = 0xfffd;
    }
    out[n++] = 0xe0 | (c >> 12);
    out[n++] = 0x80 | ((c >> 6) & 0x3f);
    out[n++] = 0x80 | (c & 0x3f);
  }
  return n;
}

/** UTF-8 length of the code point at `i`: 4 for a surrogate pair, 3 for a lone surrogate. */
export function utf8LengthAt(text: string, i: number, end: number): number {
  const c = text.charCodeAt(i);
  if (c < 0x80) return 1;
  if (c < 0x800) return 2;
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
    const low = text.charCodeAt(i + 1);
    if (low >= 0xdc00 && low <= 0xdfff) return 4;
  }
  return 3;
}
