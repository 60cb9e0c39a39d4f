import { byteLevelToBytes } from './byte-level-alphabet.js';
import { BpeTokenizer } from './bpe-tokenizer.js';
import { PairTable } from './pair-table.js';
import { packTokenBytes } from './token-bytes.js';
import { TokenizerError } from './tokenizer-error.js';

/** A byte-level BPE in Hugging Face's terms: what `vocab.json` and `merges.txt` hold. */
export interface ByteLevelBpeFiles {
  /** Token (in the byte-level alphabet, or literal text for special tokens) → id. */
  readonly vocab: Readonly<Record<string, number>>;
  /** Merges in priority order, each a pair of tokens of `vocab`. */
  readonly merges: readonly (readonly [string, string])[];
  /**
   * Special tokens: `vocab` keys, or added tokens with their ids. Vocabulary entries that no
   * merge produces and that are not single bytes (such as GPT-2's `<|endoftext|>`) are always
   * special, since byte-pair merging can never output them.
   */
  readonly specialTokens?: Readonly<Record<string, number>>;
}

/** Where the data came from, for error messages: file names and how merges are addressed. */
export interface Source {
  readonly vocab: string;
  /** Location of merge `index` (0-based), e.g. `merges.txt line 7`. */
  readonly merge: (index: number) => string;
}

/** Builds a tokenizer from vocabulary and merges, checking both. */
export function createByteLevelBpe(
  files: ByteLevelBpeFiles,
  name = 'byte-level-bpe',
  source: Source = { vocab: 'vocab', merge: (index) => `merges[${index}]` },
): BpeTokenizer {
  const ids = new Map<string, number>();
  const idOwners = new Map<number, string>();
  for (const [token, id] of Object.entries(files.vocab)) {
    if (!Number.isSafeInteger(id) || id < 0) {
      throw new TokenizerError(
        `${source.vocab}: key ${JSON.stringify(token)}: id ${JSON.stringify(id)} must be a non-negative integer`,
      );
    }
    const owner = idOwners.get(id);
    if (owner !== undefined) {
      throw new TokenizerError(
        `${source.vocab}: keys ${JSON.stringify(owner)} and ${JSON.stringify(token)} both have id ${id}`,
      );
    }
    idOwners.set(id, token);
    ids.set(token, id);
  }
  const pairs = new PairTable(files.merges.length);
  const produced = new Set<string>();
  files.merges.forEach(([left, right], index) => {
    const leftId = ids.get(left);
    const rightId = ids.get(right);
    const merged = ids.get(left + right);
    for (const [token, id] of [
      [left, leftId],
      [right, rightId],
      [left + right, merged],
    ] as const) {
      if (id === undefined) {
        throw new TokenizerError(`${source.merge(index)}: token ${JSON.stringify(token)} is not in ${source.vocab}`);
      }
    }
    pairs.set(leftId!, rightId!, index, merged!);
    produced.add(left + right);
  });
  const specialTokens = new Map(Object.entries(files.specialTokens ?? {}));
  const tokens: (Uint8Array | undefined)[] = [];
  for (const [token, id] of ids) {
    if (specialTokens.get(token) === id) continue;
    const bytes = byteLevelToBytes(token);
    if (bytes !== undefined && (bytes.length === 1 || produced.has(token))) {
      tokens[id] = bytes;
    } else {
      specialTokens.set(token, id);
    }
  }
  for (const [token, id] of specialTokens) {
    if (!Number.isSafeInteger(id) || id < 0) {
      throw new TokenizerError(
        `special token ${JSON.stringify(token)}: id ${JSON.stringify(id)} must be a non-negative integer`,
      );
    }
    tokens[id] = undefined;
  }
  return new BpeTokenizer({ name, tokens: packTokenBytes(tokens), pairs, specialTokens });
}
