/** A typed array the sums are written into (float32 or int32, like the input). */
type Sums = Float32Array | Int32Array;

/**
 * `sums[s] += values[row]` for every row whose `ids[row]` is `s`, rows being `rowSize` long,
 * ids outside `[0, numSegments)` dropped as TensorFlow does: `UnsortedSegmentSum`, the gradient
 * of `gather`, in one pass over the rows. Shared by the WASM and CPU kernels.
 */
export function addRowsBySegment(
  values: ArrayLike<number>,
  ids: ArrayLike<number>,
  rowSize: number,
  numSegments: number,
  sums: Sums,
): void {
  sums.fill(0);
  for (let row = 0; row < ids.length; row++) {
    const segment = ids[row]!;
    if (segment < 0 || segment >= numSegments) continue;
    const from = row * rowSize;
    const to = segment * rowSize;
    for (let j = 0; j < rowSize; j++) sums[to + j]! += values[from + j]!;
  }
}
