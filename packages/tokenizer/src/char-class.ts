/**
 * Character classes of the GPT-2 pre-tokenization pattern
 * `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`.
 *
 * Every code point is a letter (`\p{L}`), a number (`\p{N}`), whitespace (`\s`) or other.
 * Classes are decided by the JavaScript engine's own Unicode-aware regular expressions, the
 * same ones js-tiktoken runs, so both agree on every code point on the same runtime (including
 * Unicode versions newer than this file). Each code point is tested once and remembered.
 */
export const OTHER = 1;
export const LETTER = 2;
export const NUMBER = 3;
export const WHITESPACE = 4;

export type CharClass = typeof OTHER | typeof LETTER | typeof NUMBER | typeof WHITESPACE;

const LETTER_RE = /^\p{L}$/u;
const NUMBER_RE = /^\p{N}$/u;
const WHITESPACE_RE = /^\s$/u;

/** Class of each BMP code unit; 0 until first looked up. Lone surrogates are "other". */
const bmpClasses = new Uint8Array(0x10000);
/** Classes of supplementary-plane code points seen so far. */
const astralClasses = new Map<number, CharClass>();

function computeClass(codePoint: number): CharClass {
  // Surrogate halves: a regex sees a lone one as a code point that is none of L, N, \s.
  if (codePoint >= 0xd800 && codePoint <= 0xdfff) return OTHER;
  const char = String.fromCodePoint(codePoint);
  if (LETTER_RE.test(char)) return LETTER;
  if (NUMBER_RE.test(char)) return NUMBER;
  if (WHITESPACE_RE.test(char)) return WHITESPACE;
  return OTHER;
}

for (let unit = 0; unit < 0x250; unit++) bmpClasses[unit] = computeClass(unit);

/** Class of a BMP code unit that is not a surrogate (or a lone surrogate). */
export function bmpClass(unit: number): CharClass {
  const known = bmpClasses[unit] as CharClass | 0;
  if (known !== 0) return known;
  const computed = computeClass(unit);
  bmpClasses[unit] = computed;
  return computed;
}

/** Class of a supplementary-plane code point (0x10000..0x10FFFF). */
export function astralClass(codePoint: number): CharClass {
  let known = astralClasses.get(codePoint);
  if (known === undefined) {
    known = computeClass(codePoint);
    astralClasses.set(codePoint, known);
  }
  return known;
}
