import type { Random } from '@fewshot/common';

/**
 * How a lookup episode orders its keys:
 * - `shown-first`: every key once in random order, then repeats drawn uniformly;
 * - `interleaved`: new keys introduced among repeats of the ones already shown;
 * - `bursty`: the previous key again with probability 0.6 (runs of one key);
 * - `zipf`: keys drawn with probability ∝ 1 / rank, so a few recur often and the rest rarely.
 */
export const KEY_ORDERS = ['shown-first', 'interleaved', 'bursty', 'zipf'] as const;

export type KeyOrder = (typeof KEY_ORDERS)[number];

/**
 * Key indices (0..keyCount−1) for `count` demonstrations: the last one, the query, is a key
 * shown before it. `keyCount` must be at most `count − 1`.
 */
export function keyOrder(random: Random, keyCount: number, count: number, order: KeyOrder): number[] {
  const shown: number[] = [];
  const seen = new Set<number>();
  const show = (key: number) => {
    shown.push(key);
    seen.add(key);
  };
  const zipfKey = (allowed: readonly number[]) => {
    const total = allowed.reduce((sum, key) => sum + 1 / (key + 1), 0);
    let draw = random.next() * total;
    for (const key of allowed) {
      draw -= 1 / (key + 1);
      if (draw < 0) return key;
    }
    return allowed.at(-1)!;
  };
  const all = [...Array(keyCount).keys()];
  switch (order) {
    case 'shown-first':
      for (const key of random.shuffle(all)) show(key);
      while (shown.length < count - 1) show(random.int(keyCount));
      break;
    case 'interleaved': {
      const unseen = random.shuffle(all);
      while (shown.length < count - 1) {
        const slotsLeft = count - 1 - shown.length;
        const mustIntroduce = shown.length === 0 || unseen.length >= slotsLeft;
        const introduce = unseen.length > 0 && (mustIntroduce || random.next() < 0.5);
        show(introduce ? unseen.pop()! : random.pick([...seen]));
      }
      break;
    }
    case 'bursty':
      show(random.int(keyCount));
      while (shown.length < count - 1) show(random.next() < 0.6 ? shown.at(-1)! : random.int(keyCount));
      break;
    case 'zipf':
      while (shown.length < count - 1) show(zipfKey(all));
      break;
  }
  const seenKeys = [...seen].sort((a, b) => a - b);
  if (order === 'zipf') return [...shown, zipfKey(seenKeys)];
  if (order === 'bursty' && random.next() < 0.5) return [...shown, shown.at(-1)!];
  return [...shown, random.pick(seenKeys)];
}
