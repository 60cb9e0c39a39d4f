import * as tf from '@tensorflow/tfjs-core';
import type { KvCache } from '../cache/kv-cache.js';
import type { GptModel } from '../gpt-model.js';
import { seededRandom } from './random.js';

/**
 * Sequences whose caches already hold `held` positions when a packed pass extends them by
 * `added` ids: decoding rows (one id) and prefill chunks (short ones, and one longer than
 * `FUSED_MAX_POSITIONS`), empty caches and longer ones, in an order that interleaves them. Past
 * 3, 4 and 8 positions local, strided and fixed layers of windows, strides and blocks of that
 * size hide keys.
 */
const SEQUENCES = [
  { held: 9, added: 1 },
  { held: 0, added: 5 },
  { held: 17, added: 1 },
  { held: 3, added: 4 },
  { held: 0, added: 1 },
  { held: 12, added: 7 },
  { held: 1, added: 1 },
  { held: 1, added: 18 },
] as const;

/** Positions {@link comparePackedPasses} needs: a model's context must hold at least this many. */
export const PACKED_PASSES_CONTEXT = 24;

export interface PackedPassesComparison {
  /** The largest |packed − alone| over every logit of every row of every pass. */
  readonly worstDifference: number;
  /** The largest |packed − full forward pass| over the last pass's logits of the longest sequence. */
  readonly worstAgainstForward: number;
  /** Rows compared. */
  readonly rows: number;
  /** Tensors left behind once every cache was disposed (0 when nothing leaks). */
  readonly leakedTensors: number;
  /** Every cache's length after the passes, and what it should be. */
  readonly lengths: { readonly packed: readonly number[]; readonly expected: readonly number[] };
}

/**
 * Runs `model.nextTokenLogitsBatch` over one pass that mixes prefill chunks and decoding rows of
 * caches of different lengths, then three decoding passes (in the second, one sequence decodes
 * alone, outside the batch), and compares every row with the same sequence extended alone by
 * `nextTokenLogits` on a cache of its own. For tests of the batched path on every backend.
 */
export async function comparePackedPasses(model: GptModel, seed = 50): Promise<PackedPassesComparison> {
  const sequences = SEQUENCES.map(({ held, added }, i) => {
    const random = seededRandom(seed + i);
    return { held, added, ids: Array.from({ length: held + added + 4 }, () => Math.floor(random() * model.vocabSize)) };
  });
  const prefilled = async ({ ids, held }: (typeof sequences)[number]): Promise<KvCache> => {
    const cache = model.createCache();
    if (held > 0) await model.nextTokenLogits(ids.slice(0, held), cache);
    return cache;
  };
  // A first pass makes the model's inference copy of its LM head, which it keeps.
  const warm = model.createCache();
  await model.nextTokenLogits([0], warm);
  warm.dispose();
  const before = tf.memory().numTensors;
  const alone = await Promise.all(sequences.map(prefilled));
  const packed = await Promise.all(sequences.map(prefilled));
  const lengths: number[] = sequences.map(({ held }) => held);
  const next = (i: number, count: number): number[] =>
    sequences[i]?.ids.slice(lengths[i], (lengths[i] ?? 0) + count) ?? [];
  let worstDifference = 0;
  let rows = 0;
  const compare = (got: ArrayLike<number>, expected: ArrayLike<number>): number => {
    let worst = got.length === expected.length ? 0 : Number.POSITIVE_INFINITY;
    for (let j = 0; j < expected.length; j++) worst = Math.max(worst, Math.abs((got[j] ?? 0) - (expected[j] ?? 0)));
    return Number.isNaN(worst) ? Number.POSITIVE_INFINITY : worst;
  };
  for (let pass = 0; pass < 4; pass++) {
    const left = pass === 2 ? 3 : -1;
    const members = sequences.map((_, i) => i).filter((i) => i !== left);
    const added = members.map((i) => (pass === 0 ? (sequences[i]?.added ?? 1) : 1));
    // Decoding rows go as single ids, as a scheduler sends them; prefill chunks as arrays.
    const batch = members.map((i, m) => (added[m] === 1 ? (next(i, 1)[0] ?? 0) : next(i, added[m] ?? 1)));
    const got = (
      await model.nextTokenLogitsBatch(
        batch,
        members.map((i) => packed[i]!),
      )
    ).map((row) => row.slice());
    for (const [m, i] of members.entries()) {
      const expected = await model.nextTokenLogits(next(i, added[m] ?? 1), alone[i]!);
      worstDifference = Math.max(worstDifference, compare(got[m] ?? [], expected));
      rows++;
    }
    for (const [m, i] of members.entries()) lengths[i] = (lengths[i] ?? 0) + (added[m] ?? 1);
    if (left >= 0) {
      const own = (await model.nextTokenLogits(next(left, 1), packed[left]!)).slice();
      const reference = await model.nextTokenLogits(next(left, 1), alone[left]!);
      worstDifference = Math.max(worstDifference, compare(own, reference));
      lengths[left] = (lengths[left] ?? 0) + 1;
    }
  }
  const longest = 5;
  const id = next(longest, 1);
  const last = (await model.nextTokenLogitsBatch([id[0] ?? 0], [packed[longest]!]))[0]?.slice() ?? new Float32Array();
  const full = model.forward(sequences[longest]?.ids.slice(0, (lengths[longest] ?? 0) + 1) ?? []);
  const reference = (await full.logits.data()).subarray((lengths[longest] ?? 0) * model.vocabSize);
  full.logits.dispose();
  lengths[longest] = (lengths[longest] ?? 0) + 1;
  const packedLengths = packed.map((cache) => cache.length);
  for (const cache of [...alone, ...packed]) cache.dispose();
  return {
    worstDifference,
    worstAgainstForward: compare(last, reference),
    rows,
    leakedTensors: tf.memory().numTensors - before,
    lengths: { packed: packedLengths, expected: lengths },
  };
}
