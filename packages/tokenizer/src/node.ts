import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { writeFileAtomic } from '@fewshot/common/node';
import type { BpeTokenizer } from './bpe-tokenizer.js';
import type { ByteLevelBpeFiles } from './byte-level-bpe.js';
import { formatMergesTxt, formatVocabJson } from './format-files.js';
import { type LoadOptions, fromTokenizerJson, fromVocabAndMerges } from './huggingface.js';
import { TokenizerError } from './tokenizer-error.js';

/**
 * Node.js file helpers for `@fewshot/tokenizer` (kept out of the main entry so that it stays
 * browser-safe).
 */

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new TokenizerError(`${path}: cannot read (${(error as Error).message})`);
  }
}

/** Loads a tokenizer from a `vocab.json` and a `merges.txt` file. */
export async function loadVocabAndMerges(
  vocabPath: string,
  mergesPath: string,
  options: LoadOptions = {},
): Promise<BpeTokenizer> {
  const [vocab, merges] = await Promise.all([readText(vocabPath), readText(mergesPath)]);
  return fromVocabAndMerges(vocab, merges, {
    name: basename(vocabPath),
    ...options,
    fileNames: { vocab: vocabPath, merges: mergesPath },
  });
}

/** Loads a tokenizer from a Hugging Face `tokenizer.json` file. */
export async function loadTokenizerJson(path: string, options: LoadOptions = {}): Promise<BpeTokenizer> {
  return fromTokenizerJson(await readText(path), { name: basename(path), ...options, fileNames: { tokenizer: path } });
}

/**
 * Saves `vocab.json` and `merges.txt` (e.g. from `trainBpe`) into `directory`, each written
 * atomically and fsynced (`writeFileAtomic` of `@fewshot/common/node`); returns their paths.
 */
export async function saveVocabAndMerges(
  directory: string,
  files: ByteLevelBpeFiles,
): Promise<{ vocab: string; merges: string }> {
  const vocab = join(directory, 'vocab.json');
  const merges = join(directory, 'merges.txt');
  await writeFileAtomic(vocab, formatVocabJson(files));
  await writeFileAtomic(merges, formatMergesTxt(files));
  return { vocab, merges };
}
