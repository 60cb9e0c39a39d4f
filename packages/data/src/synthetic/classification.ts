import type { Random } from '@fewshot/common';
import type { Demonstration, TaskFamily } from './demonstration.js';

/** Kinds of input a model can tell apart by their surface form alone. */
const INPUT_KINDS: Readonly<Record<string, (random: Random, words: readonly string[]) => string>> = {
  number: (random) => String(random.int(1000)),
  word: (random, words) => random.pick(words),
  shouted: (random, words) => random.pick(words).toUpperCase(),
};

/**
 * Two or three input kinds (numbers, lowercase words, uppercase words), each given a random
 * label word for this episode: which label goes with which kind is only in the demonstrations.
 * Inputs are distinct; the kind of each is drawn at random, except that the query's kind was
 * shown before it.
 */
export const classification: TaskFamily = (random, words, count) => {
  const kinds = random.sample(Object.keys(INPUT_KINDS), 2 + random.int(2));
  const labels = random.sample(words, kinds.length);
  const seen = new Set<string>();
  const shownKinds = new Set<number>();
  const demonstrations: Demonstration[] = [];
  while (demonstrations.length < count) {
    const isQuery: boolean = demonstrations.length === count - 1;
    const kind: number = isQuery && shownKinds.size > 0 ? random.pick([...shownKinds]) : random.int(kinds.length);
    const input: string = INPUT_KINDS[kinds[kind]!]!(random, words);
    if (seen.has(input)) continue;
    seen.add(input);
    shownKinds.add(kind);
    demonstrations.push({ input, output: labels[kind]! });
  }
  return demonstrations;
};
