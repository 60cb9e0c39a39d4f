import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type HeldOutData, packDocuments } from '@fewshot/training';
import type { BpeTokenizer } from '@fewshot/tokenizer';
import { loadTokenizerJson, loadVocabAndMerges } from '@fewshot/tokenizer/node';
import { UsageError } from '../io.js';

/** The document separator of the training text, and the special token that stands for it. */
export const END_OF_TEXT = '<|endoftext|>';

export interface TrainingTokenizer {
  readonly tokenizer: BpeTokenizer;
  readonly endOfTextId: number;
  /** The files it was read from, copied into every checkpoint. */
  readonly files: readonly string[];
}

/**
 * The tokenizer in `directory`: `tokenizer.json`, else `vocab.json` + `merges.txt` (Hugging Face
 * layouts). It must have an `<|endoftext|>` token, the separator of packed documents.
 */
export async function loadTrainingTokenizer(directory: string, flag: string): Promise<TrainingTokenizer> {
  const json = join(directory, 'tokenizer.json');
  const vocab = join(directory, 'vocab.json');
  const merges = join(directory, 'merges.txt');
  let tokenizer: BpeTokenizer;
  let files: string[];
  let vocabIds: Record<string, number> = {};
  if (existsSync(json)) {
    tokenizer = await loadTokenizerJson(json);
    files = [json];
  } else if (existsSync(vocab) && existsSync(merges)) {
    vocabIds = JSON.parse(readFileSync(vocab, 'utf8')) as Record<string, number>;
    const id = vocabIds[END_OF_TEXT];
    // The separator is a vocabulary entry in GPT-2's layout; it becomes a special token so that it is never merged with
    // text.
    tokenizer = await loadVocabAndMerges(
      vocab,
      merges,
      id === undefined ? {} : { specialTokens: { [END_OF_TEXT]: id } },
    );
    files = [vocab, merges];
  } else {
    throw new UsageError(`${flag} ${directory}: has neither tokenizer.json nor vocab.json + merges.txt`);
  }
  const endOfTextId = tokenizer.specialTokens[END_OF_TEXT] ?? vocabIds[END_OF_TEXT];
  if (endOfTextId === undefined)
    throw new UsageError(`${flag} ${directory}: the tokenizer has no ${END_OF_TEXT} token, which separates documents`);
  for (const extra of ['tokenizer_config.json', 'special_tokens_map.json']) {
    if (existsSync(join(directory, extra))) files.push(join(directory, extra));
  }
  return { tokenizer, endOfTextId, files };
}

/**
 * A UTF-8 text file split into documents at every literal `<|endoftext|>`, each tokenized as
 * ordinary text, packed into one stream with the separator token between documents. `bytes`
 * counts the UTF-8 bytes of the documents (for bits per byte).
 */
export function tokenizeTextFile(
  path: string,
  flag: string,
  { tokenizer, endOfTextId }: TrainingTokenizer,
): HeldOutData & { readonly documents: number } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`${flag} ${path}: cannot be read (${(error as Error).message})`);
  }
  // Documents keep their text exactly; only whitespace-only pieces (e.g. after a final separator) are dropped.
  const documents = text.split(END_OF_TEXT).filter((document) => document.trim() !== '');
  if (documents.length === 0) throw new UsageError(`${flag} ${path}: holds no text`);
  const tokens = packDocuments(
    documents.map((document) => tokenizer.encodeOrdinary(document)),
    endOfTextId,
  );
  const bytes = documents.reduce((sum, document) => sum + Buffer.byteLength(document, 'utf8'), 0);
  return { tokens, bytes, documents: documents.length };
}
