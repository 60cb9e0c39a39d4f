import type { Demonstration } from '../synthetic/demonstration.js';

/** Surface shapes of inputs and outputs, told from the text alone (whatever generated it). */
export const SHAPES = {
  number: /^\d+$/,
  lowercaseWord: /^[a-z]+$/,
  name: /^[A-Z][a-z]+$/,
  symbols: /^[^\sA-Za-z0-9]+$/,
  twoLowercaseWords: /^[a-z]+ [a-z]+$/,
} as const;

/** Every input has shape `input` and every output shape `output`. */
export function hasShapes(examples: readonly Demonstration[], input: RegExp, output: RegExp): boolean {
  return examples.every((example) => input.test(example.input) && output.test(example.output));
}

/**
 * A lookup episode: input → output is a function within it, and the last input (the query)
 * occurs among the ones before it, so its answer can be copied from the context.
 */
export function isLookup(examples: readonly Demonstration[]): boolean {
  const seen = new Map<string, string>();
  for (const { input, output } of examples) {
    if ((seen.get(input) ?? output) !== output) return false;
    seen.set(input, output);
  }
  const query = examples.at(-1);
  return query !== undefined && examples.slice(0, -1).some((example) => example.input === query.input);
}
