import { decodeUint16Base64 } from './base64.js';
import { BpeTokenizer } from './bpe-tokenizer.js';
import { R50K_BYTE_TOKENS, R50K_MERGES, R50K_SPECIAL_TOKENS } from './data/r50k-base-data.js';
import { PairTable } from './pair-table.js';
import { TokenBytesIndex } from './token-bytes.js';
import { invalidArgument } from './tokenizer-error.js';

/** Encodings this package ships. `gpt2` is tiktoken's name for the same r50k_base. */
export const ENCODING_NAMES = ['r50k_base', 'gpt2'] as const;
export type EncodingName = (typeof ENCODING_NAMES)[number];

let r50kBase: BpeTokenizer | undefined;

/**
 * The tokenizer of GPT-2 and GPT-3 (`r50k_base`, 50,257 tokens, `<|endoftext|>` = 50256), as
 * in js-tiktoken's `getEncoding`. Built on first use and shared afterwards.
 */
export function getEncoding(name: EncodingName): BpeTokenizer {
  // Callers from plain JavaScript can pass anything.
  if (!(ENCODING_NAMES as readonly string[]).includes(name)) {
    throw invalidArgument('name', name, `one of ${ENCODING_NAMES.join(', ')}`);
  }
  r50kBase ??= buildR50kBase();
  return r50kBase;
}

/** Number of (left, right) pairs whose bytes concatenate to an r50k_base token. */
const R50K_PAIR_COUNT = 108_299;

function buildR50kBase(): BpeTokenizer {
  const byteTokens = decodeUint16Base64(R50K_BYTE_TOKENS);
  const merges = decodeUint16Base64(R50K_MERGES);
  const count = 256 + merges.length / 2;
  // Byte tokens, then each merged token as the copy of its two parts.
  const starts = new Int32Array(count + 1);
  const lengths = new Int32Array(count);
  byteTokens.forEach((id) => (lengths[id] = 1));
  for (let id = 256; id < count; id++) {
    lengths[id] = lengths[merges[2 * (id - 256)]!]! + lengths[merges[2 * (id - 256) + 1]!]!;
  }
  for (let id = 0; id < count; id++) starts[id + 1] = starts[id]! + lengths[id]!;
  const bytes = new Uint8Array(starts[count]!);
  byteTokens.forEach((id, byte) => (bytes[starts[id]!] = byte));
  for (let id = 256; id < count; id++) {
    const left = merges[2 * (id - 256)]!;
    const right = merges[2 * (id - 256) + 1]!;
    const at = starts[id]!;
    bytes.copyWithin(at, starts[left]!, starts[left + 1]);
    bytes.copyWithin(at + lengths[left]!, starts[right]!, starts[right + 1]);
  }
  // tiktoken merges by looking up the rank of the concatenated bytes of two adjacent tokens,
  // so every split of a token into two tokens is a merge, not only the one it was trained
  // from. The rank of a merge is the merged token's id.
  const tokens = { bytes, starts };
  const index = new TokenBytesIndex(tokens);
  const pairs = new PairTable(R50K_PAIR_COUNT);
  for (let id = 256; id < count; id++) {
    const start = starts[id]!;
    const end = starts[id + 1]!;
    for (let split = start + 1; split < end; split++) {
      const left = index.find(bytes, start, split);
      if (left === -1) continue;
      const right = index.find(bytes, split, end);
      if (right !== -1) pairs.set(left, right, id, id);
    }
  }
  const specialTokens = new Map(Object.entries(R50K_SPECIAL_TOKENS));
  return new BpeTokenizer({ name: 'r50k_base', tokens, pairs, specialTokens });
}
