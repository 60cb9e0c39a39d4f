const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUES = new Uint8Array(128);
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i;

/**
 * Decodes standard base64 (with `=` padding) to bytes. Written here rather than using
 * `Buffer` or `atob` so that the package runs unchanged in browsers and Node.
 */
export function decodeBase64(text: string): Uint8Array {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  let n = 0;
  for (let i = 0; i < text.length; i += 4) {
    const chunk =
      (VALUES[text.charCodeAt(i)]! << 18) |
      (VALUES[text.charCodeAt(i + 1)]! << 12) |
      (VALUES[text.charCodeAt(i + 2)]! << 6) |
      VALUES[text.charCodeAt(i + 3)]!;
    out[n++] = chunk >> 16;
    if (n < out.length) out[n++] = (chunk >> 8) & 0xff;
    if (n < out.length) out[n++] = chunk & 0xff;
  }
  return out;
}

/** Little-endian uint16 values of base64 text. */
export function decodeUint16Base64(text: string): Uint16Array {
  const bytes = decodeBase64(text);
  const values = new Uint16Array(bytes.length / 2);
  for (let i = 0; i < values.length; i++) values[i] = bytes[2 * i]! | (bytes[2 * i + 1]! << 8);
  return values;
}
