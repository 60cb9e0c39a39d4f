/** What a processor may look at besides the logits: the sequence so far. */
export interface LogitsContext {
  /** Prompt ids followed by the ids generated so far. */
  readonly ids: readonly number[];
  /** How many of `ids` are the prompt; `ids.length - promptLength` tokens are generated. */
  readonly promptLength: number;
  /**
   * `logSumExp(logits)` of the logits as this processor receives them, when the caller has
   * already computed it (for the logprobs): a processor that needs it saves a pass of
   * `Math.exp` over the vocabulary. {@link applyProcessors} passes it to the first processor
   * only, since any processor may change the logits.
   */
  readonly logZ?: number;
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
  if (context.logZ === undefined) {
    for (const processor of processors) processor.process(logits, context);
    return;
  }
  const later: LogitsContext = { ids: context.ids, promptLength: context.promptLength };
  processors.forEach((processor, i) => {
    processor.process(logits, i === 0 ? context : later);
  });
}
