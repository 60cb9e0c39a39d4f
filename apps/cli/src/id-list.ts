import { UsageError } from './io.js';

/**
 * Parses a comma-separated list of token ids (`15496,995`), as `tokenize --decode`, `score --ids`
 * and `generate --ids` take it. `flag` names the option in the error, which points at the bad item.
 */
export function parseIdList(flag: string, list: string): number[] {
  return list.split(',').map((part, i) => {
    const id = Number(part.trim());
    if (part.trim() === '' || !Number.isInteger(id) || id < 0) {
      throw new UsageError(`${flag} ${list}: item ${i} ("${part}") is not a token id (a non-negative integer)`);
    }
    return id;
  });
}

/** Rejects an id the model has no embedding for; `source` names the flag the ids came from. */
export function checkIdsInVocabulary(source: string, ids: readonly number[], vocabSize: number): void {
  const bad = ids.findIndex((id) => id >= vocabSize);
  if (bad >= 0)
    throw new UsageError(
      `${source}: token ${bad} is id ${ids[bad] ?? ''}; the model's vocabulary has ids 0..${vocabSize - 1}`,
    );
}
