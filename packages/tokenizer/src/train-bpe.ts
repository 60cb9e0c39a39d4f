import { byteLevelAlphabet, byteLevelToBytes } from './byte-level-alphabet.js';
import type { ByteLevelBpeFiles } from './byte-level-bpe.js';
import { pieceEnd } from './pre-tokenize.js';
import { specialTokenPattern } from './special-tokens.js';
import { invalidArgument } from './tokenizer-error.js';
import { encodeUtf8Into, MAX_BYTES_PER_UNIT } from './utf8.js';
import { PairQueue } from './pair-queue.js';

/** Options of {@link trainBpe}. */
export interface TrainBpeOptions {
  /** Vocabulary size, the 256 byte tokens and the special tokens included. */
  readonly vocabSize: number;
  /** Special tokens, given the last ids; their text in the corpus is never merged. Default `<|endoftext|>`. */
  readonly specialTokens?: readonly string[];
  /** A pair must occur at least this often to be merged (default 2). */
  readonly minFrequency?: number;
}

/** Largest vocabulary {@link trainBpe} builds (pairs are keyed by `left * 2^21 + right`). */
const MAX_VOCAB = 1 << 21;

/**
 * Trains a byte-level BPE the way GPT-2's was: the corpus is split by GPT-2's pre-tokenizer
 * (and at special tokens), each piece is a sequence of bytes, and the most frequent adjacent
 * pair is merged until the vocabulary is full. Ties go to the pair with the smaller left id,
 * then the smaller right id (ids in creation order, bytes in GPT-2's order), so results are
 * deterministic. Pair counts are updated incrementally, touching only the words that contain
 * the merged pair, and the next pair comes from a priority queue, so a few megabytes train in
 * seconds. The result is what `vocab.json`/`merges.txt` hold (see `formatVocabJson`).
 */
export function trainBpe(corpus: string | Iterable<string>, options: TrainBpeOptions): ByteLevelBpeFiles {
  const specials = options.specialTokens ?? ['<|endoftext|>'];
  const minFrequency = options.minFrequency ?? 2;
  const { vocabSize } = options;
  if (!Number.isInteger(vocabSize) || vocabSize < 256 + specials.length || vocabSize > MAX_VOCAB) {
    throw invalidArgument(
      'vocabSize',
      vocabSize,
      `an integer from ${256 + specials.length} (bytes + special tokens) to ${MAX_VOCAB}`,
    );
  }
  if (!Number.isInteger(minFrequency) || minFrequency < 1)
    throw invalidArgument('minFrequency', minFrequency, 'an integer ≥ 1');
  if (
    new Set(specials).size !== specials.length ||
    specials.some((token) => typeof token !== 'string' || token === '')
  ) {
    throw invalidArgument('specialTokens', specials, 'distinct non-empty strings');
  }

  const alphabet = byteLevelAlphabet();
  const tokens = [...alphabet];
  const byteIds = new Int32Array(256);
  alphabet.forEach((char, id) => (byteIds[byteLevelToBytes(char)![0]!] = id));
  const { words, counts } = countWords(typeof corpus === 'string' ? [corpus] : corpus, specials, byteIds);

  const queue = new PairQueue(words, counts);
  const merges: [string, string][] = [];
  const mergeTarget = vocabSize - 256 - specials.length;
  while (merges.length < mergeTarget) {
    const best = queue.popMostFrequent(minFrequency);
    if (best === undefined) break;
    const [left, right] = best;
    const merged = tokens.length;
    tokens.push(tokens[left]! + tokens[right]!);
    merges.push([tokens[left]!, tokens[right]!]);
    queue.merge(left, right, merged);
  }

  const vocab: Record<string, number> = {};
  tokens.forEach((token, id) => (vocab[token] = id));
  const specialTokens: Record<string, number> = {};
  specials.forEach((token, i) => (specialTokens[token] = vocab[token] = tokens.length + i));
  return { vocab, merges, specialTokens };
}

/** Distinct pre-tokenized pieces of the corpus as byte-token sequences, with their counts. */
function countWords(
  texts: Iterable<string>,
  specials: readonly string[],
  byteIds: Int32Array,
): { words: Int32Array[]; counts: number[] } {
  const pieces = new Map<string, number>();
  const pattern = specialTokenPattern(specials);
  const countRange = (text: string, start: number, end: number): void => {
    for (let pos = start; pos < end; ) {
      const stop = pieceEnd(text, pos, end);
      const piece = text.slice(pos, stop);
      pieces.set(piece, (pieces.get(piece) ?? 0) + 1);
      pos = stop;
    }
  };
  for (const text of texts) {
    if (typeof text !== 'string') throw invalidArgument('corpus', text, 'a string or an iterable of strings');
    let start = 0;
    if (pattern !== undefined) {
      pattern.lastIndex = 0;
      for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
        countRange(text, start, match.index);
        start = match.index + match[0].length;
      }
    }
    countRange(text, start, text.length);
  }
  const words: Int32Array[] = [];
  const counts: number[] = [];
  let buffer = new Int32Array(64);
  for (const [piece, count] of pieces) {
    if (buffer.length < piece.length * MAX_BYTES_PER_UNIT) buffer = new Int32Array(piece.length * MAX_BYTES_PER_UNIT);
    const length = encodeUtf8Into(piece, 0, piece.length, buffer);
    const word = new Int32Array(length);
    for (let i = 0; i < length; i++) word[i] = byteIds[buffer[i]!]!;
    words.push(word);
    counts.push(count);
  }
  return { words, counts };
}
