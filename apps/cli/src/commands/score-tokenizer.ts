import type { LoadedCheckpoint } from '@fewshot/model';
import { type BpeTokenizer, getEncoding } from '@fewshot/tokenizer';
import { loadTokenizerJson, loadVocabAndMerges } from '@fewshot/tokenizer/node';

/**
 * The tokenizer that goes with a checkpoint: its `tokenizer.json`, else its `vocab.json` +
 * `merges.txt`, else GPT-2/GPT-3's r50k_base (which every GPT-2 and GPT-Neo checkpoint uses).
 */
export async function loadModelTokenizer(files: LoadedCheckpoint['tokenizerFiles']): Promise<BpeTokenizer> {
  if (files['tokenizer.json'] !== undefined) return loadTokenizerJson(files['tokenizer.json']);
  if (files['vocab.json'] !== undefined && files['merges.txt'] !== undefined) return loadVocabAndMerges(files['vocab.json'], files['merges.txt']);
  return getEncoding('r50k_base');
}
