/** Token ids of one sequence. */
export type TokenIds = readonly number[] | Int32Array;

/**
 * Checks that `ids` may follow `start` positions in a model of `vocabSize` tokens and
 * `contextLength` positions: at least one id, each an integer in `[0, vocabSize)`, all positions
 * inside the context.
 */
export function checkTokenIds(ids: TokenIds, start: number, vocabSize: number, contextLength: number): void {
  if (ids.length === 0) throw new RangeError('ids: expected at least one token id, got an empty list');
  const end = start + ids.length;
  if (end > contextLength) {
    throw new RangeError(
      `ids: positions ${start}…${end - 1} exceed the context; contextLength is ${contextLength}` +
        (start > 0 ? ` and the cache already holds ${start} positions` : ''),
    );
  }
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (id === undefined || !Number.isInteger(id) || id < 0 || id >= vocabSize) {
      throw new RangeError(`ids[${i}] = ${String(id)} is invalid: expected an integer in [0, ${vocabSize})`);
    }
  }
}
