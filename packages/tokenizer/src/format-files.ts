import type { ByteLevelBpeFiles } from './byte-level-bpe.js';

/** `vocab.json` text of a vocabulary, keys in id order (as Hugging Face writes it). */
export function formatVocabJson(files: ByteLevelBpeFiles): string {
  const entries = Object.entries(files.vocab).sort((a, b) => a[1] - b[1]);
  return `${JSON.stringify(Object.fromEntries(entries))}\n`;
}

/** `merges.txt` text: the `#version: 0.2` header GPT-2 shipped with, then one merge per line. */
export function formatMergesTxt(files: ByteLevelBpeFiles): string {
  return ['#version: 0.2', ...files.merges.map(([left, right]) => `${left} ${right}`), ''].join('\n');
}
