import { mergePiece } from './byte-pair-merge.js';
import type { PairTable } from './pair-table.js';
import { pieceEnd } from './pre-tokenize.js';
import { type AllowedSpecial, type DisallowedSpecial, SpecialTokenPolicy } from './special-tokens.js';
import { StreamDecoder } from './stream-decoder.js';
import type { TokenBytes } from './token-bytes.js';
import { TokenizerError, invalidArgument } from './tokenizer-error.js';
import { MAX_BYTES_PER_UNIT, encodeUtf8Into, utf8LengthAt } from './utf8.js';

/** What a byte-level BPE tokenizer is made of. */
export interface BpeDefinition {
  /** Name reported by {@link BpeTokenizer.name}, e.g. `r50k_base`. */
  readonly name: string;
  /** Bytes of every ordinary token (none for special or unused ids). */
  readonly tokens: TokenBytes;
  /** Which adjacent token pairs merge, into what, in which order. */
  readonly pairs: PairTable;
  /** Special tokens (e.g. `<|endoftext|>`) and their ids. */
  readonly specialTokens: ReadonlyMap<string, number>;
}

/** Token ids with, for each, the span of text it came from. */
export interface EncodingWithOffsets {
  readonly ids: number[];
  /**
   * `[start, end)` of each token in UTF-16 code units of the input string (the indices
   * `String.prototype.slice` takes). A token that covers only part of a character's UTF-8
   * bytes (an emoji split over two tokens) gets that whole character's span, so spans of
   * neighbouring tokens can overlap but always cover the text in order.
   */
  readonly offsets: [number, number][];
}

/** Pieces longer than this (in code units) are encoded without the cache. */
const MAX_CACHED_PIECE = 48;
/** The cache is emptied when it holds this many pieces, bounding its memory. */
const MAX_CACHE_ENTRIES = 200_000;

/**
 * A byte-level BPE tokenizer with GPT-2 pre-tokenization: r50k_base (`getEncoding`) or any
 * Hugging Face GPT-2-family tokenizer (`fromVocabAndMerges`, `fromTokenizerJson`). Its
 * `encode`/`decode` take the same arguments as js-tiktoken's and return the same ids.
 */
export class BpeTokenizer {
  readonly name: string;
  /** One more than the largest token id, special tokens included (tiktoken's `n_vocab`). */
  readonly vocabSize: number;
  /** Special tokens and their ids. */
  readonly specialTokens: Readonly<Record<string, number>>;

  private readonly pairs: PairTable;
  private readonly byteTokens = new Int32Array(256);
  /** All tokens' bytes back to back; token `id` is `bytes[starts[id]..starts[id + 1])`. */
  private readonly bytes: Uint8Array;
  private readonly starts: Int32Array;
  private readonly known: Uint8Array;
  private readonly specials: SpecialTokenPolicy;
  private readonly cache = new Map<string, number | number[]>();
  private readonly textDecoder = new TextDecoder();
  private scratch = new Int32Array(MAX_CACHED_PIECE * MAX_BYTES_PER_UNIT);
  private decodeBuffer = new Uint8Array(4096);

  constructor(definition: BpeDefinition) {
    this.name = definition.name;
    this.pairs = definition.pairs;
    this.specials = new SpecialTokenPolicy(definition.specialTokens);
    this.specialTokens = Object.freeze(Object.fromEntries(definition.specialTokens));
    // Special tokens join the ordinary ones, so that decoding handles both alike.
    const encoder = new TextEncoder();
    const ordinary = definition.tokens;
    const ordinaryCount = ordinary.starts.length - 1;
    const specialBytes = [...definition.specialTokens].map(([text, id]) => [id, encoder.encode(text)] as const);
    this.vocabSize = Math.max(ordinaryCount, ...specialBytes.map(([id]) => id + 1));
    const lengths = new Int32Array(this.vocabSize);
    for (let id = 0; id < ordinaryCount; id++) lengths[id] = ordinary.starts[id + 1]! - ordinary.starts[id]!;
    for (const [id, bytes] of specialBytes) {
      if (!Number.isInteger(id) || id < 0 || lengths[id] !== 0) {
        throw invalidArgument(
          `specialTokens[${JSON.stringify(new TextDecoder().decode(bytes))}]`,
          id,
          'a non-negative integer id not used by an ordinary token',
        );
      }
      lengths[id] = bytes.length;
    }
    this.starts = new Int32Array(this.vocabSize + 1);
    for (let id = 0; id < this.vocabSize; id++) this.starts[id + 1] = this.starts[id]! + lengths[id]!;
    this.bytes = new Uint8Array(this.starts[this.vocabSize]!);
    this.known = new Uint8Array(this.vocabSize);
    for (let id = 0; id < ordinaryCount; id++) {
      const from = ordinary.starts[id]!;
      const length = lengths[id]!;
      const to = this.starts[id]!;
      for (let i = 0; i < length; i++) this.bytes[to + i] = ordinary.bytes[from + i]!;
      if (length > 0) this.known[id] = 1;
    }
    for (const [id, bytes] of specialBytes) {
      this.bytes.set(bytes, this.starts[id]);
      this.known[id] = 1;
    }
    this.byteTokens.fill(-1);
    for (let id = 0; id < ordinary.starts.length - 1; id++) {
      const start = ordinary.starts[id]!;
      if (ordinary.starts[id + 1] === start + 1 && this.byteTokens[ordinary.bytes[start]!] === -1) {
        this.byteTokens[ordinary.bytes[start]!] = id;
      }
    }
    const missing = this.byteTokens.indexOf(-1);
    if (missing !== -1) {
      throw new TokenizerError(
        `${this.name}: no token for byte 0x${missing.toString(16)}; byte-level BPE needs all 256`,
      );
    }
  }

  /**
   * Token ids of `text`. Special tokens in `allowedSpecial` (`'all'` or a list) are encoded as
   * their ids; any of `disallowedSpecial` (by default every special token not allowed) found in
   * the text throws, as in js-tiktoken; all other text is encoded as ordinary text.
   */
  encode(text: string, allowedSpecial: AllowedSpecial = [], disallowedSpecial: DisallowedSpecial = 'all'): number[] {
    const ids: number[] = [];
    this.forEachSegment(text, allowedSpecial, disallowedSpecial, (start, end, special) => {
      if (special === -1) this.encodeOrdinaryInto(text, start, end, ids);
      else ids.push(special);
    });
    return ids;
  }

  /** Token ids of `text`, treating special-token text as ordinary text (never throws). */
  encodeOrdinary(text: string): number[] {
    const ids: number[] = [];
    this.encodeOrdinaryInto(checkText(text), 0, text.length, ids);
    return ids;
  }

  /** Like {@link encode}, with the span of text each token came from (for highlighting). */
  encodeWithOffsets(
    text: string,
    allowedSpecial: AllowedSpecial = [],
    disallowedSpecial: DisallowedSpecial = 'all',
  ): EncodingWithOffsets {
    const ids: number[] = [];
    const offsets: [number, number][] = [];
    this.forEachSegment(text, allowedSpecial, disallowedSpecial, (start, end, special) => {
      if (special !== -1) {
        ids.push(special);
        offsets.push([start, end]);
        return;
      }
      for (let pos = start; pos < end; ) {
        const pieceStop = pieceEnd(text, pos, end);
        const piece = this.pieceIds(text, pos, pieceStop);
        // Walk the piece's characters (`char`, whose bytes start at `charByte`) alongside
        // the running byte count of its tokens.
        let char = pos;
        let charByte = 0;
        let charLength = utf8LengthAt(text, char, pieceStop);
        let byte = 0;
        for (const id of typeof piece === 'number' ? [piece] : piece) {
          const tokenStart = char;
          byte += this.starts[id + 1]! - this.starts[id]!;
          while (char < pieceStop && charByte + charLength <= byte) {
            charByte += charLength;
            char += charLength === 4 ? 2 : 1;
            if (char < pieceStop) charLength = utf8LengthAt(text, char, pieceStop);
          }
          const tokenEnd = charByte < byte ? char + (charLength === 4 ? 2 : 1) : char;
          ids.push(id);
          offsets.push([tokenStart, tokenEnd]);
        }
        pos = pieceStop;
      }
    });
    return { ids, offsets };
  }

  /** The text of `ids`; byte sequences that are not valid UTF-8 become U+FFFD, as in js-tiktoken. */
  decode(ids: ArrayLike<number>): string {
    return this.textDecoder.decode(this.decodeInto(ids));
  }

  /** The raw bytes of `ids`, concatenated (a fresh array). */
  decodeBytes(ids: ArrayLike<number>): Uint8Array {
    return this.decodeInto(ids).slice();
  }

  /** A decoder for ids that arrive one by one, emitting text only at complete characters. */
  createStreamDecoder(): StreamDecoder {
    return new StreamDecoder((ids) => this.decodeInto(ids));
  }

  /** Whether `id` is a token of this vocabulary (ordinary or special): ids inside `vocabSize` may be unused. */
  hasToken(id: number): boolean {
    return Number.isInteger(id) && id >= 0 && id < this.vocabSize && this.known[id] === 1;
  }

  /** Bytes of one token (a fresh array). */
  tokenBytes(id: number): Uint8Array {
    this.checkId(id, 'id');
    return this.bytes.slice(this.starts[id], this.starts[id + 1]);
  }

  /** Concatenated bytes of `ids`, in a buffer that the next call reuses. */
  private decodeInto(ids: ArrayLike<number>): Uint8Array {
    const { starts, bytes, known } = this;
    let out = this.decodeBuffer;
    let n = 0;

    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (known[id] !== 1) this.checkId(id, `ids[${i}]`);
      const start = starts[id]!;
      const end = starts[id + 1]!;
      if (n + end - start > out.length) {
        const grown = new Uint8Array(Math.max(out.length * 2, n + end - start));
        grown.set(out.subarray(0, n));
        this.decodeBuffer = out = grown;
      }
      for (let b = start; b < end; b++) out[n++] = bytes[b]!;
    }
    return out.subarray(0, n);
  }

  private checkId(id: number, parameter: string): void {
    if (!this.hasToken(id)) {
      throw invalidArgument(parameter, id, `a token id of ${this.name} (an integer in 0..${this.vocabSize - 1})`);
    }
  }

  /** Splits text into ordinary ranges and allowed special tokens (`special` is -1 for text). */
  private forEachSegment(
    text: string,
    allowedSpecial: AllowedSpecial,
    disallowedSpecial: DisallowedSpecial,
    visit: (start: number, end: number, special: number) => void,
  ): void {
    checkText(text);
    checkSpecialArgument('allowedSpecial', allowedSpecial);
    checkSpecialArgument('disallowedSpecial', disallowedSpecial);
    const pattern = this.specials.allowedPattern(text, allowedSpecial, disallowedSpecial);
    let start = 0;
    if (pattern !== undefined) {
      pattern.lastIndex = 0;
      for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
        if (match.index > start) visit(start, match.index, -1);
        start = match.index + match[0].length;
        visit(match.index, start, this.specials.ids.get(match[0])!);
      }
    }
    if (start < text.length) visit(start, text.length, -1);
  }

  private encodeOrdinaryInto(text: string, start: number, end: number, ids: number[]): void {
    for (let pos = start; pos < end; ) {
      const stop = pieceEnd(text, pos, end);
      const piece = this.pieceIds(text, pos, stop);
      if (typeof piece === 'number') ids.push(piece);
      else for (const id of piece) ids.push(id);
      pos = stop;
    }
  }

  /** Ids of the pre-tokenized piece `text[start..end)`: one id, or several. */
  private pieceIds(text: string, start: number, end: number): number | number[] {
    if (end - start > MAX_CACHED_PIECE) return this.mergePiece(text, start, end);
    const key = text.slice(start, end);
    let ids = this.cache.get(key);
    if (ids === undefined) {
      ids = this.mergePiece(text, start, end);
      if (this.cache.size >= MAX_CACHE_ENTRIES) this.cache.clear();
      this.cache.set(key, ids);
    }
    return ids;
  }

  private mergePiece(text: string, start: number, end: number): number | number[] {
    const needed = (end - start) * MAX_BYTES_PER_UNIT;
    if (this.scratch.length < needed) this.scratch = new Int32Array(needed);
    const work = this.scratch;
    const byteCount = encodeUtf8Into(text, start, end, work);
    for (let i = 0; i < byteCount; i++) work[i] = this.byteTokens[work[i]!]!;
    const count = mergePiece(this.pairs, work, byteCount);
    return count === 1 ? work[0]! : Array.from(work.subarray(0, count));
  }
}

function checkText(text: unknown): string {
  if (typeof text !== 'string') throw invalidArgument('text', text, 'a string');
  return text;
}

function checkSpecialArgument(parameter: string, value: unknown): void {
  if (value === 'all') return;
  if (Array.isArray(value) && value.every((name) => typeof name === 'string')) return;
  throw invalidArgument(parameter, value, "'all' or an array of special-token strings");
}
