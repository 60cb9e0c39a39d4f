/**
 * GPT-2's byte-level alphabet (`bytes_to_unicode` in OpenAI's encoder.py): every byte is shown
 * as one printable character, so Hugging Face `vocab.json`/`merges.txt` can store byte tokens
 * as text. Printable Latin-1 bytes stand for themselves; the other 68 (controls, space, 0x7F-
 * 0xA0, 0xAD) take U+0100 upwards in byte order, which is why a leading space shows as `Ġ`.
 */
const BYTE_TO_CHAR: string[] = [];
const CHAR_TO_BYTE = new Map<string, number>();

{
  const printable = (byte: number): boolean =>
    (byte >= 0x21 && byte <= 0x7e) || (byte >= 0xa1 && byte <= 0xac) || (byte >= 0xae && byte <= 0xff);
  let next = 0x100;
  for (let byte = 0; byte < 256; byte++) {
    const char = String.fromCharCode(printable(byte) ? byte : next++);
    BYTE_TO_CHAR[byte] = char;
    CHAR_TO_BYTE.set(char, byte);
  }
}

/** The byte-level text of bytes, e.g. `[0x20, 0x68, 0x69]` → `Ġhi`. */
export function bytesToByteLevel(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += BYTE_TO_CHAR[byte]!;
  return text;
}

/** The bytes of byte-level text, or undefined when a character is outside the alphabet. */
export function byteLevelToBytes(text: string): Uint8Array | undefined {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const byte = CHAR_TO_BYTE.get(text.charAt(i));
    if (byte === undefined) return undefined;
    bytes[i] = byte;
  }
  return bytes;
}

/** The 256 one-byte tokens in GPT-2's vocabulary order (ordered by their characters). */
export function byteLevelAlphabet(): string[] {
  return [...BYTE_TO_CHAR].sort((a, b) => a.charCodeAt(0) - b.charCodeAt(0));
}
