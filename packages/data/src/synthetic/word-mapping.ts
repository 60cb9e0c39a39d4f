import { DataError } from '../data-error.js';
import type { TaskFamily } from './demonstration.js';

/**
 * Random word → word pairs over a few keys: the pairing exists only in this episode, so only
 * the demonstrations can tell the answer. Every key is shown once (in random order) before any
 * repeats, and the last demonstration (the query) repeats a key shown earlier.
 */
export const wordMapping: TaskFamily = (random, words, count) => {
  const keyCount = Math.min(count - 1, 3 + random.int(4));
  if (keyCount < 1) throw new DataError('count', count, 'expected at least 2 demonstrations for a word mapping');
  const chosen = random.sample(words, keyCount * 2);
  const keys = chosen.slice(0, keyCount);
  const values = chosen.slice(keyCount);
  const order = random.shuffle([...keys.keys()]);
  for (let i = keyCount; i < count; i++) order.push(random.int(keyCount));
  return order.map((key) => ({ input: keys[key]!, output: values[key]! }));
};
