import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * SHA-256 of the files of the tokenizer issue 19's language-modelling reference was measured with
 * (5.20 nats/token on the held-out Brown documents): fewshot-mini's 4,096-token BPE, as
 * `packages/mini/data/data-card.json` records it.
 */
export const REFERENCE_TOKENIZER_SHA256: Readonly<Record<string, string>> = {
  'vocab.json': 'a750f678a1e6ee623d5bf95fa1d40235a64bc29a6ea377f50cbba1e86ec9d59f',
  'merges.txt': 'cec194400f0fcaab71af206bb4097386706f5bf54c686f4b696851e92c51a4e1',
};

/** Whether the checkpoint in `directory` has that tokenizer (or `reference`), file for file: nats/token compare. */
export function hasReferenceTokenizer(
  directory: string,
  reference: Readonly<Record<string, string>> = REFERENCE_TOKENIZER_SHA256,
): boolean {
  return Object.entries(reference).every(([file, sha256]) => {
    const path = join(directory, file);
    return existsSync(path) && createHash('sha256').update(readFileSync(path)).digest('hex') === sha256;
  });
}
