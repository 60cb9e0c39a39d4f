import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { type BpeTokenizer, getEncoding } from '@fewshot/tokenizer';
import { loadTokenizerJson, loadVocabAndMerges } from '@fewshot/tokenizer/node';

/**
 * The tokenizer of a checkpoint directory: its `tokenizer.json`, else `vocab.json` +
 * `merges.txt`, else GPT-2/GPT-3's r50k_base, which every GPT-2 and GPT-Neo checkpoint uses.
 */
export async function loadModelTokenizer(directory: string): Promise<BpeTokenizer> {
  const path = (file: string): string => join(directory, file);
  if (await exists(path('tokenizer.json'))) return loadTokenizerJson(path('tokenizer.json'));
  if ((await exists(path('vocab.json'))) && (await exists(path('merges.txt'))))
    return loadVocabAndMerges(path('vocab.json'), path('merges.txt'));
  return getEncoding('r50k_base');
}

/**
 * The token that ends a completion: `generation_config.json`'s first `eos_token_id`, else
 * `config.json`'s, else the tokenizer's `<|endoftext|>` — the first inside the vocabulary.
 */
export function endOfTextId(
  candidates: readonly unknown[],
  tokenizer: BpeTokenizer,
  vocabSize: number,
): number | undefined {
  return [...candidates, tokenizer.specialTokens['<|endoftext|>']].find(
    (id): id is number => Number.isInteger(id) && (id as number) >= 0 && (id as number) < vocabSize,
  );
}

export async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
