import type { BpeTokenizer } from './bpe-tokenizer.js';
import { type ByteLevelBpeFiles, createByteLevelBpe } from './byte-level-bpe.js';
import { TokenizerError } from './tokenizer-error.js';

/**
 * Loaders for Hugging Face GPT-2-family tokenizers from file contents (browser-safe; see
 * `@fewshot/tokenizer/node` for reading the files). Every error names the file, the line or
 * key, and what is wrong.
 */

/** Options shared by the loaders. */
export interface LoadOptions {
  /** Reported as the tokenizer's `name`. */
  readonly name?: string;
  /** Extra special tokens (vocabulary keys) and their ids. */
  readonly specialTokens?: Readonly<Record<string, number>>;
  /** File names used in error messages. */
  readonly fileNames?: { readonly vocab?: string; readonly merges?: string; readonly tokenizer?: string };
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new TokenizerError(`${file}: not valid JSON (${(error as Error).message})`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeName(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}

/** Parses a `vocab.json`: an object of token → non-negative integer id. */
export function parseVocabJson(text: string, file = 'vocab.json'): Record<string, number> {
  const vocab = parseJson(text, file);
  if (!isRecord(vocab)) throw new TokenizerError(`${file}: expected an object of token → id, got ${typeName(vocab)}`);
  return checkVocab(vocab, file);
}

function checkVocab(vocab: Record<string, unknown>, where: string): Record<string, number> {
  for (const [token, id] of Object.entries(vocab)) {
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) {
      throw new TokenizerError(
        `${where}: key ${JSON.stringify(token)}: id ${JSON.stringify(id)} must be a non-negative integer`,
      );
    }
  }
  return vocab as Record<string, number>;
}

/** Parses a `merges.txt`: an optional `#version` line, then one `left right` pair per line. */
export function parseMergesTxt(text: string, file = 'merges.txt'): [string, string][] {
  return readMerges(text, file).merges;
}

/** The merges of a `merges.txt` and the line number of each. */
function readMerges(text: string, file: string): { merges: [string, string][]; lines: number[] } {
  const merges: [string, string][] = [];
  const lines: number[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line === '' || (index === 0 && line.startsWith('#version'))) return;
    const parts = line.split(' ');
    if (parts.length !== 2 || parts[0] === '' || parts[1] === '') {
      throw new TokenizerError(
        `${file} line ${index + 1}: expected two tokens separated by one space, got ${JSON.stringify(line)}`,
      );
    }
    merges.push(parts as [string, string]);
    lines.push(index + 1);
  });
  return { merges, lines };
}

/** A tokenizer from the contents of `vocab.json` and `merges.txt` (GPT-2's original layout). */
export function fromVocabAndMerges(vocabJson: string, mergesTxt: string, options: LoadOptions = {}): BpeTokenizer {
  const vocabFile = options.fileNames?.vocab ?? 'vocab.json';
  const mergesFile = options.fileNames?.merges ?? 'merges.txt';
  const vocab = parseVocabJson(vocabJson, vocabFile);
  const { merges, lines } = readMerges(mergesTxt, mergesFile);
  const files: ByteLevelBpeFiles = { vocab, merges, specialTokens: options.specialTokens ?? {} };
  return createByteLevelBpe(files, options.name ?? vocabFile, {
    vocab: vocabFile,
    merge: (index) => `${mergesFile} line ${lines[index] ?? index + 1}`,
  });
}

/** A tokenizer from the contents of a `tokenizer.json` with a BPE model and byte-level pre-tokenizer. */
export function fromTokenizerJson(json: string, options: LoadOptions = {}): BpeTokenizer {
  const file = options.fileNames?.tokenizer ?? 'tokenizer.json';
  const root = parseJson(json, file);
  if (!isRecord(root)) throw new TokenizerError(`${file}: expected an object, got ${typeName(root)}`);
  checkByteLevel(root.pre_tokenizer, `${file}: pre_tokenizer`);
  const model = root.model;
  if (!isRecord(model)) throw new TokenizerError(`${file}: model: expected an object, got ${typeName(model)}`);
  if (model.type !== undefined && model.type !== 'BPE') {
    throw new TokenizerError(`${file}: model.type: ${JSON.stringify(model.type)} is not supported, only "BPE"`);
  }
  if (model.dropout !== undefined && model.dropout !== null && model.dropout !== 0) {
    throw new TokenizerError(
      `${file}: model.dropout: ${JSON.stringify(model.dropout)} is ` +
        'not supported; BPE dropout is for training only, use null',
    );
  }
  if (!isRecord(model.vocab))
    throw new TokenizerError(`${file}: model.vocab: expected an object of token → id, got ${typeName(model.vocab)}`);
  const vocab = checkVocab(model.vocab, `${file}: model.vocab`);
  if (!Array.isArray(model.merges))
    throw new TokenizerError(`${file}: model.merges: expected an array, got ${typeName(model.merges)}`);
  // tokenizers < 0.20 write merges as "left right", newer versions as ["left", "right"].
  const merges = (model.merges as unknown[]).map((merge, index): [string, string] => {
    const parts = typeof merge === 'string' ? merge.split(' ') : merge;
    if (
      !Array.isArray(parts) ||
      parts.length !== 2 ||
      !parts.every((part) => typeof part === 'string' && part !== '')
    ) {
      throw new TokenizerError(
        `${file}: model.merges[${index}]: expected "left right" or ["left", "right"], got ${JSON.stringify(merge)}`,
      );
    }
    return parts as [string, string];
  });
  const specialTokens: Record<string, number> = { ...options.specialTokens };
  const added = root.added_tokens ?? [];
  if (!Array.isArray(added))
    throw new TokenizerError(`${file}: added_tokens: expected an array, got ${typeName(added)}`);
  (added as unknown[]).forEach((token, index) => {
    if (
      !isRecord(token) ||
      typeof token.content !== 'string' ||
      token.content === '' ||
      typeof token.id !== 'number' ||
      !Number.isSafeInteger(token.id) ||
      token.id < 0
    ) {
      throw new TokenizerError(
        `${file}: added_tokens[${index}]: expected { id: non-negative ` +
          `integer, content: non-empty string }, got ${JSON.stringify(token)}`,
      );
    }
    specialTokens[token.content] = token.id;
  });
  return createByteLevelBpe({ vocab, merges, specialTokens }, options.name ?? file, {
    vocab: `${file}: model.vocab`,
    merge: (index) => `${file}: model.merges[${index}]`,
  });
}

/** Accepts `ByteLevel` (GPT-2's regex, no prefix space), alone or inside a `Sequence`. */
function checkByteLevel(preTokenizer: unknown, where: string): void {
  if (!isRecord(preTokenizer))
    throw new TokenizerError(`${where}: expected a ByteLevel pre-tokenizer object, got ${typeName(preTokenizer)}`);
  if (
    preTokenizer.type === 'Sequence' &&
    Array.isArray(preTokenizer.pretokenizers) &&
    preTokenizer.pretokenizers.length === 1
  ) {
    checkByteLevel(preTokenizer.pretokenizers[0], `${where}.pretokenizers[0]`);
    return;
  }
  if (preTokenizer.type !== 'ByteLevel') {
    throw new TokenizerError(
      `${where}.type: ${JSON.stringify(preTokenizer.type)} is not ` +
        'supported; only ByteLevel (GPT-2-family) tokenizers are',
    );
  }
  if (preTokenizer.add_prefix_space === true) {
    throw new TokenizerError(`${where}.add_prefix_space: true is not supported; GPT-2-family tokenizers use false`);
  }
  if (preTokenizer.use_regex === false) {
    throw new TokenizerError(`${where}.use_regex: false is not supported; the GPT-2 pattern splits the text`);
  }
}
