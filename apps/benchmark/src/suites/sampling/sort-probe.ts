/** The sorts a piece of code ran: how many, and the longest. */
export interface SortRecord {
  readonly calls: number;
  readonly longest: number;
}

type Sort = (this: { length: number }, compare?: (a: never, b: never) => number) => unknown;

/**
 * Runs `work` with `Array.prototype.sort` and every typed array's `sort` wrapped to record the
 * length of what they sort, then restores them. It is how the benchmark checks "no full sort of
 * the vocabulary per token" on the real pipeline, whatever internal function does the sorting.
 */
export async function recordSorts(work: () => Promise<unknown>): Promise<SortRecord> {
  const typedArrayPrototype = Object.getPrototypeOf(Int8Array.prototype) as { sort: Sort };
  const targets: { sort: Sort }[] = [Array.prototype as unknown as { sort: Sort }, typedArrayPrototype];
  const originals = targets.map((target) => target.sort);
  let calls = 0;
  let longest = 0;
  targets.forEach((target, i) => {
    const original = originals[i]!;
    target.sort = function (this: { length: number }, compare) {
      calls++;
      longest = Math.max(longest, this.length);
      return original.call(this, compare);
    };
  });
  try {
    await work();
  } finally {
    targets.forEach((target, i) => {
      target.sort = originals[i]!;
    });
  }
  return { calls, longest };
}
