/** What a processor may look at besides the logits: the sequence so far. */
export interface LogitsContext {
  /** Prompt ids followed by the ids generated so far. */
  readonly ids: readonly number[];
  /** How many of `ids` are the prompt; `ids.length - promptLength` tokens are generated. */
  readonly promptLength: number;
}

/**
 * One step of the logits pipeline. It rewrites `logits` (length = vocabulary size) in place:
 * penalties and biases shift values, masks set them to `-Infinity`, warpers reshape the
 * distribution. A processor never sees probabilities, only logits, so any list of them composes.
 */
export interface LogitsProcessor {
  process(logits: Float32Array, context: LogitsContext): void;
}

/** Runs processors in order. */
export function applyProcessors(
  processors: readonly LogitsProcessor[],
  logits: Float32Array,
  context: LogitsContext,
): void {
  for (const processor of processors) processor.process(logits, context);
}
