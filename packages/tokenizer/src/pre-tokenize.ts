import { OTHER, WHITESPACE, astralClass, bmpClass } from './char-class.js';

/**
 * GPT-2's pre-tokenizer as a hand-written scanner. It splits text exactly where the pattern
 * `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+` (flags `gu`)
 * splits it, in one left-to-right pass with no backtracking, so it runs in linear time on any
 * input and allocates nothing.
 */

/** Set on a {@link classAt} result when the code point is a surrogate pair (two code units). */
const PAIR = 8;

/** Class of the code point at `i` (before `end`), plus {@link PAIR} when it spans two units. */
function classAt(text: string, i: number, end: number): number {
  const unit = text.charCodeAt(i);
  if (unit < 0xd800 || unit > 0xdfff) return bmpClass(unit);
  if (unit <= 0xdbff && i + 1 < end) {
    const low = text.charCodeAt(i + 1);
    if (low >= 0xdc00 && low <= 0xdfff) {
      return astralClass(((unit - 0xd800) << 10) + (low - 0xdc00) + 0x10000) | PAIR;
    }
  }
  return OTHER;
}

const APOSTROPHE = 0x27;
const SPACE = 0x20;

/** Length of a contraction (`'s`, `'t`, `'re`, `'ve`, `'m`, `'ll`, `'d`) at `start`, else 0. */
function contractionLength(text: string, start: number, end: number): number {
  if (start + 1 >= end) return 0;
  const first = text.charCodeAt(start + 1);
  // 's 't 'm 'd
  if (first === 0x73 || first === 0x74 || first === 0x6d || first === 0x64) return 2;
  if (start + 2 >= end) return 0;
  const second = text.charCodeAt(start + 2);
  // 're 've 'll
  if ((first === 0x72 || first === 0x76) && second === 0x65) return 3;
  if (first === 0x6c && second === 0x6c) return 3;
  return 0;
}

/**
 * End (exclusive, in UTF-16 code units) of the pre-tokenized piece that starts at `start`.
 * `end` bounds the scan: the pattern sees `text.slice(0, end)` as if the text ended there.
 */
export function pieceEnd(text: string, start: number, end: number): number {
  const first = text.charCodeAt(start);
  if (first === APOSTROPHE) {
    const length = contractionLength(text, start, end);
    if (length !== 0) return start + length;
  }
  let i = start;
  let found = classAt(text, i, end);
  // ` ?\p{L}+`, ` ?\p{N}+` and ` ?[^\s\p{L}\p{N}]+` take one leading U+0020.
  if (first === SPACE && i + 1 < end) {
    const next = classAt(text, i + 1, end);
    if ((next & 7) !== WHITESPACE) {
      i += 1;
      found = next;
    }
  }
  const runClass = found & 7;
  if (runClass !== WHITESPACE) {
    i += found & PAIR ? 2 : 1;
    while (i < end) {
      const next = classAt(text, i, end);
      if ((next & 7) !== runClass) break;
      i += next & PAIR ? 2 : 1;
    }
    return i;
  }
  // Whitespace is always one code unit. `\s+(?!\S)` takes the run up to the end of the text,
  // or all but its last character when text follows; a single whitespace before text is `\s+`.
  i += 1;
  while (i < end && (classAt(text, i, end) & 7) === WHITESPACE) i += 1;
  if (i === end || i - start === 1) return i;
  return i - 1;
}

/** Splits text into GPT-2 pre-tokenization pieces (what the pattern's `matchAll` returns). */
export function preTokenize(text: string): string[] {
  const pieces: string[] = [];
  for (let start = 0; start < text.length; ) {
    const end = pieceEnd(text, start, text.length);
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}
