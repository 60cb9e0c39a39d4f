/** One demonstration or query: an input, its expected output, and optional supporting context. */
export interface Example {
  readonly input: string;
  /** The answer. Absent on a query whose answer the model must produce. */
  readonly output?: string;
  /** A passage the input refers to (reading comprehension, question answering). */
  readonly context?: string;
}

/** A demonstration must carry its answer. */
export type Demonstration = Example & { readonly output: string };

/** Anything that turns text into token ids, e.g. a `@fewshot/tokenizer` encoding. */
export interface TokenCounter {
  encode(text: string): number[];
}
