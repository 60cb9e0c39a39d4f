import type { TaskFamily } from './demonstration.js';

/** Distinct numbers 0–99 plus an offset of 1–30 drawn per episode: `37` → `49` when the offset is 12. */
export const arithmeticOffset: TaskFamily = (random, _words, count) => {
  const offset = 1 + random.int(30);
  const numbers = random.sample([...Array(100).keys()], count);
  return numbers.map((n) => ({ input: String(n), output: String(n + offset) }));
};
